package io.switchboard.history;

import java.io.Serializable;
import java.util.List;

/**
 * The answer to a history read.
 *
 * @param top the stream's current position
 * @param publications the publications asked for, in the order asked for
 * @param complete for a read after an offset: whether every publication after it is still kept (or
 *     was never there), i.e. nothing between it and the first one returned was trimmed
 */
public record HistoryPage(StreamPosition top, List<StoredPublication> publications, boolean complete)
    implements Serializable {
  public HistoryPage {
    publications = List.copyOf(publications);
  }
}

package io.switchboard.history;

import java.io.Serializable;

/**
 * A place in a channel's stream: the offset of its latest publication (0 before the first) within
 * an epoch. Two positions are comparable only within one epoch.
 *
 * @param epoch names one life of the stream; a new one starts whenever the history was lost
 * @param offset the latest publication's offset; offsets start at 1 and have no gaps
 */
public record StreamPosition(String epoch, long offset) implements Serializable {
  /** The position of a stream that does not exist: no epoch, nothing published. */
  public static final StreamPosition NONE = new StreamPosition("", 0);
}

package io.switchboard.presence;

import java.io.Serializable;
import java.util.List;

/**
 * A channel's users at one moment, and the version of the channel's presence they were read at
 * (see {@link PresenceStore#snapshot}): of two snapshots of a channel, the higher version is the later.
 */
public record PresenceSnapshot(List<String> users, long version) implements Serializable {
  public PresenceSnapshot {
    users = List.copyOf(users);
  }
}

package io.switchboard.presence;

import java.io.Serializable;

/** A channel's presence in numbers: distinct users, and their connections (a user may hold several). */
public record PresenceStats(int users, int connections) implements Serializable {
}

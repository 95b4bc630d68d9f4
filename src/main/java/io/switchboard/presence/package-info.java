/**
 * Presence: who is subscribed to a channel, each user once, behind the
 * {@link io.switchboard.presence.PresenceStore} interface (an in-memory twin here, a Hazelcast
 * implementation for the cluster), and the coalescing
 * {@link io.switchboard.presence.PresenceAnnouncer} that turns changes into frames.
 */
package io.switchboard.presence;

package io.switchboard.session;

import io.switchboard.auth.ChannelPermissions;
import io.switchboard.auth.TokenVerifier;
import io.switchboard.channel.ChannelPublisher;
import io.switchboard.presence.PresenceAnnouncer;
import io.switchboard.presence.PresenceStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What every session of a node shares: limits, credentials, permissions, presence and the fan-out
 * publisher. Thread-safe parts only; per-loop state lives in {@link SessionLoop}.
 *
 * @param nodeId this node's id, the prefix of connection ids
 * @param presenceEnabled whether a channel's namespace tracks presence
 * @param sessions live sessions on this node, for stats and leak checks
 */
public record SessionServices(
    String nodeId,
    SessionLimits limits,
    Duration authTimeout,
    TokenVerifier verifier,
    ChannelPermissions permissions,
    Predicate<String> presenceEnabled,
    PresenceStore presence,
    PresenceAnnouncer announcer,
    ChannelPublisher publisher,
    UserConnections userConnections,
    AtomicLong sessions,
    AtomicLong ids) {}

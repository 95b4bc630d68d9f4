package io.switchboard.session;

import io.switchboard.auth.ChannelPermissions;
import io.switchboard.auth.TokenVerifier;
import io.switchboard.channel.ChannelPublisher;
import io.switchboard.events.GatewayEvents;
import io.switchboard.hooks.BackendHooks;
import io.switchboard.presence.PresenceTracker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What every session of a node shares: limits, credentials, permissions, presence and the fan-out
 * publisher. Thread-safe parts only; per-loop state lives in {@link SessionLoop}.
 *
 * @param nodeId this node's id, the prefix of connection ids
 * @param presenceEnabled whether a channel's namespace tracks presence
 * @param sessions live sessions on this node, for stats and leak checks
 * @param stopping set when the node stops: sessions then leave presence to the node's one bulk
 *     removal, so that every leave it causes is announced before the node leaves the cluster
 */
public record SessionServices(
    String nodeId,
    SessionLimits limits,
    Duration authTimeout,
    TokenVerifier verifier,
    ChannelPermissions permissions,
    Predicate<String> presenceEnabled,
    PresenceTracker presence,
    ChannelPublisher publisher,
    GatewayEvents events,
    BackendHooks hooks,
    UserConnections userConnections,
    AtomicLong sessions,
    AtomicLong ids,
    AtomicBoolean stopping,
    SessionCounters counters) {}

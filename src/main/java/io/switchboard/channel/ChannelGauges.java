package io.switchboard.channel;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Node-wide counts of the channel layer, read by the stats endpoint and by leak tests. Updated by the
 * structures that own the counted things, on every add and every release.
 */
public final class ChannelGauges {
  /** Active (session, channel) subscriptions in all event-loop indexes of this node. */
  public final AtomicLong subscriptions = new AtomicLong();
  /** Channel entries in all event-loop indexes of this node (one per loop and channel). */
  public final AtomicLong loopChannels = new AtomicLong();
  /** Frames written to subscribers (one per subscriber per frame), counted once per batch. */
  public final LongAdder deliveries = new LongAdder();
}

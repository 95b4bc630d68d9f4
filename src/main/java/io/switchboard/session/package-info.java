/**
 * One connection's life: authentication, subscriptions, limits, heartbeat and the outbound budget,
 * behind the {@link io.switchboard.session.Transport} seam so that it can be tested without a
 * socket. A session is confined to its event loop; {@link io.switchboard.session.Session#close} is
 * the single idempotent path that releases everything it holds.
 */
package io.switchboard.session;

/**
 * The WebSocket edge: one listening socket ({@link io.switchboard.transport.GatewayListener}) whose
 * connections go to the {@link io.switchboard.transport.GatewayVerticle} of each event loop; the
 * upgrade (path, Origin allow-list, token from the query or the subprotocol) in
 * {@link io.switchboard.transport.HttpGate}; and {@link io.switchboard.transport.WebSocketConnection},
 * the thin {@link io.switchboard.session.Transport} over a Netty channel. Netty directly, not
 * Vert.x's HTTP server, because a Vert.x connection costs about 15 kB more per idle socket.
 */
package io.switchboard.transport;

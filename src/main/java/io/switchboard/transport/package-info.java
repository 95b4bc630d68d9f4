/**
 * The WebSocket edge: one {@link io.switchboard.transport.GatewayVerticle} per event loop, the
 * upgrade (path, Origin allow-list, token from the query or the subprotocol), and the thin
 * {@link io.switchboard.session.Transport} implementation over a Vert.x socket.
 */
package io.switchboard.transport;

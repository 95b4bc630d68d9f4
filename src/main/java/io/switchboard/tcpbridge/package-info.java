/**
 * The TCP event-bus bridge for backends in any language: the wire protocol of Vert.x's
 * vertx-tcp-eventbus-bridge (a 4-byte big-endian length, then a JSON frame), served by a hardened
 * implementation of our own ({@link io.switchboard.tcpbridge.TcpBridge}): a frame-size cap before
 * anything is buffered, a key or a client certificate on every frame, permissions as data checked
 * on every frame, bounded registrations and outbound bytes per connection.
 */
package io.switchboard.tcpbridge;

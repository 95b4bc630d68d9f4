/**
 * The server API for backends: JSON over {@code POST /api/<method>} on the API listener, its own
 * port apart from the clients' ({@link io.switchboard.api.ApiListener}), authenticated with named
 * API keys; the methods themselves ({@link io.switchboard.api.ServerApi}) know nothing of HTTP, so
 * that the event-bus endpoints and the HTTP API answer the same way.
 */
package io.switchboard.api;

/** Lifecycle events for backends on the public address {@code switchboard.events}. */
package io.switchboard.events;

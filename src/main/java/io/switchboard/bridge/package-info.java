/** Ways in for backends: the {@code switchboard.publish} event-bus endpoint. */
package io.switchboard.bridge;

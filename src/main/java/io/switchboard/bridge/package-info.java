/** Ways in for backends: the event-bus request addresses (publish, direct, observe, history). */
package io.switchboard.bridge;

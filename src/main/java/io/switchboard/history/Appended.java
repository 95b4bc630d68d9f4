package io.switchboard.history;

import java.io.Serializable;

/**
 * The answer to an append.
 *
 * @param position the publication's place in the stream
 * @param repeated true when the idempotency key named a publication already kept: nothing was
 *     appended, and {@code position} is that publication's (the first answer, again)
 */
public record Appended(StreamPosition position, boolean repeated) implements Serializable {}

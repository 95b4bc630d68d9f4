package io.switchboard.history;

/** The in-memory twin against the shared contract. */
class MemoryChannelStreamsTest extends ChannelStreamsContract {
  @Override
  protected ChannelStreams createStreams() {
    return new MemoryChannelStreams();
  }
}

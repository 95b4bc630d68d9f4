package io.switchboard.presence;

/** The single-node presence store against the shared contract. */
class MemoryPresenceStoreTest extends PresenceStoreContract {
  @Override
  protected PresenceStore createStore() {
    return new MemoryPresenceStore();
  }
}

package io.switchboard.interest;

/** The in-memory twin against the shared contract. */
class MemoryInterestTableTest extends InterestTableContract {
  @Override
  protected InterestTable createTable() {
    return new MemoryInterestTable();
  }
}

package io.switchboard.transport;

import io.switchboard.session.SessionLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The node's event loops with sessions, for stats and draining. Thread-safe. */
public final class LoopRegistry {
  private final List<SessionLoop> loops = new CopyOnWriteArrayList<>();

  void add(SessionLoop loop) {
    loops.add(loop);
  }

  void remove(SessionLoop loop) {
    loops.remove(loop);
  }

  /** The loops, in deployment order. */
  public List<SessionLoop> loops() {
    return loops;
  }
}

package io.switchboard.bench;

/** The benchmark tool's entry point; the tool itself lands on its own branch. */
public final class BenchCommand {
  private BenchCommand() {}

  public static int run(String... args) {
    System.err.println("switchboard bench: not built into this jar yet");
    return 2;
  }
}

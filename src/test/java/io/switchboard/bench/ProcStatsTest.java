package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

  @Test
  void cpuIsUtimePlusStimeEvenWithSpacesAndParensInComm() {
    String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 30 0 "
        + "100 5000000 3000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
    assertEquals(1234 + 567, ProcStats.parseCpuTicks(stat));
  }

  @Test
  void rssFromStatus() {
    String status = "Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t  123456 kB\nThreads:\t30\n";
    assertEquals(123456, ProcStats.parseRssKb(status));
    assertEquals(0, ProcStats.parseRssKb("Name:\tzombie\n"));
  }

  @Test
  void readsOwnProcess() {
    ProcStats.Sample s = ProcStats.read(ProcessHandle.current().pid());
    assertTrue(s.rssKb() > 0);
    assertTrue(s.cpuMicros() > 0);
    assertTrue(ProcStats.clockTicksPerSecond() > 0);
  }

  @Test
  void missingProcessFails() {
    assertThrows(IllegalStateException.class, () -> ProcStats.read(Long.MAX_VALUE));
  }

  @Test
  void sampleDifference() {
    assertEquals(new ProcStats.Sample(5, -2), new ProcStats.Sample(15, 8).minus(new ProcStats.Sample(10, 10)));
  }
}

package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The close codes and reconnect advice the README documents: exactly these, no more. */
class CloseCodeTest {

  @Test
  void codesAndReconnectAdviceAreTheDocumentedOnes() {
    Map<Integer, Boolean> documented = new LinkedHashMap<>();
    documented.put(1000, false);
    documented.put(1001, true);
    documented.put(1002, false);
    documented.put(1007, false);
    documented.put(1009, true);
    documented.put(1011, true);
    documented.put(4001, false);
    documented.put(4003, false);
    documented.put(4008, true);
    documented.put(4029, true);

    Map<Integer, Boolean> actual = new LinkedHashMap<>();
    for (CloseCode code : CloseCode.values()) {
      actual.put((int) code.code(), code.shouldReconnect());
    }
    assertEquals(documented, actual);
  }

  @Test
  void namedCodesMatchTheProtocol() {
    assertEquals(1000, CloseCode.NORMAL.code());
    assertEquals(1001, CloseCode.GOING_AWAY.code());
    assertEquals(1002, CloseCode.PROTOCOL_ERROR.code());
    assertEquals(1007, CloseCode.INVALID_PAYLOAD.code());
    assertEquals(1009, CloseCode.MESSAGE_TOO_BIG.code());
    assertEquals(1011, CloseCode.INTERNAL_ERROR.code());
    assertEquals(4001, CloseCode.UNAUTHORIZED.code());
    assertEquals(4003, CloseCode.FORBIDDEN.code());
    assertEquals(4008, CloseCode.SLOW_CONSUMER.code());
    assertEquals(4029, CloseCode.RATE_LIMITED.code());
  }

  @Test
  void unauthorizedKeepsTheSeedsReason() {
    assertEquals("Unauthorized", CloseCode.UNAUTHORIZED.reason());
    assertFalse(CloseCode.UNAUTHORIZED.shouldReconnect());
  }

  @Test
  void everyReasonFitsInACloseFrame() {
    for (CloseCode code : CloseCode.values()) {
      int bytes = code.reason().getBytes(StandardCharsets.UTF_8).length;
      assertTrue(bytes > 0 && bytes <= 123, code + " reason is " + bytes + " bytes (a close frame allows 123)");
    }
  }

  @Test
  void aPeerMaySendOnlyTheCodesRfc6455Allows() {
    for (int ok : new int[] {1000, 1001, 1002, 1003, 1007, 1011, 1012, 1014, 3000, 4001, 4999}) {
      assertTrue(CloseCode.isValidFromPeer(ok), Integer.toString(ok));
    }
    for (int bad : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
      assertFalse(CloseCode.isValidFromPeer(bad), Integer.toString(bad));
    }
  }

  @Test
  void applicationCodesAreInTheRangeReservedForApplications() {
    for (CloseCode code : CloseCode.values()) {
      int c = code.code();
      assertTrue((c >= 1000 && c <= 1011) || (c >= 4000 && c <= 4999), code + " = " + c);
      assertTrue(c != 1005 && c != 1006, code + " uses a code that must not be sent in a close frame");
    }
  }
}

package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The duration syntax of the configuration: 250ms, 30s, 5m, 1h, 7d, or bare milliseconds. */
class DurationsTest {

  @Test
  void everyUnit() {
    assertEquals(Duration.ofMillis(250), Durations.parse("x", "250ms"));
    assertEquals(Duration.ofSeconds(30), Durations.parse("x", "30s"));
    assertEquals(Duration.ofMinutes(5), Durations.parse("x", "5m"));
    assertEquals(Duration.ofHours(1), Durations.parse("x", "1h"));
    assertEquals(Duration.ofDays(7), Durations.parse("x", "7d"));
  }

  @Test
  void bareNumbersAreMilliseconds() {
    assertEquals(Duration.ofMillis(1500), Durations.parse("x", "1500"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("x", 1500));
    assertEquals(Duration.ofMillis(1500), Durations.parse("x", 1500L));
    assertEquals(Duration.ZERO, Durations.parse("x", 0));
    assertEquals(Duration.ZERO, Durations.parse("x", "0s"));
  }

  @Test
  void surroundingAndInnerSpacesAreTolerated() {
    assertEquals(Duration.ofSeconds(10), Durations.parse("x", " 10s "));
    assertEquals(Duration.ofSeconds(10), Durations.parse("x", "10 s"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "s", "soon", "1.5s", "-5s", "10sec", "10S", "5 minutes", "1h30m", "PT10S", "10y"})
  void malformedTextIsAConfigErrorNamingTheOption(String text) {
    ConfigException e = assertThrows(ConfigException.class, () -> Durations.parse("heartbeat.interval", text));
    assertTrue(e.getMessage().startsWith("heartbeat.interval: "), e.getMessage());
    assertTrue(e.getMessage().contains("250ms"), "the message shows the syntax: " + e.getMessage());
  }

  @Test
  void negativeNumbersAreRefused() {
    ConfigException e = assertThrows(ConfigException.class, () -> Durations.parse("presence.interval", -1));
    assertTrue(e.getMessage().contains("presence.interval"), e.getMessage());
    assertTrue(e.getMessage().contains("negative"), e.getMessage());
  }

  @Test
  void otherTypesAreRefused() {
    assertThrows(ConfigException.class, () -> Durations.parse("x", true));
    assertThrows(ConfigException.class, () -> Durations.parse("x", null));
    assertThrows(ConfigException.class, () -> Durations.parse("x", new Object()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999", "99999999999999999999ms", "9999999999999999d", "999999999999999h"})
  void amountsTooLargeForADurationAreAConfigErrorNotACrash(String text) {
    ConfigException e = assertThrows(ConfigException.class, () -> Durations.parse("auth.timeout", text));
    assertTrue(e.getMessage().startsWith("auth.timeout: "), e.getMessage());
  }

  @Test
  void millisecondNumbersTooLargeForNanosecondsAreRefused() {
    assertThrows(ConfigException.class, () -> Durations.parse("auth.timeout", Long.MAX_VALUE));
    assertEquals(Duration.ofDays(365 * 200), Durations.parse("auth.timeout", "73000d"), "two centuries still fit");
  }
}

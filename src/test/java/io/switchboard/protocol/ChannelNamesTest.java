package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The channel name grammar {@code [A-Za-z0-9_.:@-]{1,128}}. */
class ChannelNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "Z", "0", "room-1", "chat:room_1", "user:alice@example.com", "a.b.c", "a:b:c", ":x",
      "-", "_", "@", ".", "ABCxyz0189_.:@-"})
  void acceptsNamesMadeOfTheGrammarsCharacters(String name) {
    assertTrue(ChannelNames.isValid(name), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"room 1", " ", "room/1", "room#1", "a*", "a>b", "café", "日本", "a\u0000b", "tab\there",
      "line\nbreak", "emoji\uD83D\uDE00", "a,b", "a+b", "\"q\"", "a\\b"})
  void refusesEveryOtherCharacter(String name) {
    assertFalse(ChannelNames.isValid(name), name);
  }

  @Test
  void lengthIsOneTo128() {
    assertEquals(128, ChannelNames.MAX_LENGTH);
    assertFalse(ChannelNames.isValid(""));
    assertFalse(ChannelNames.isValid(null));
    assertTrue(ChannelNames.isValid("a".repeat(128)));
    assertFalse(ChannelNames.isValid("a".repeat(129)));
  }

  @Test
  void everyAsciiCharacterOutsideTheGrammarIsRefused() {
    String allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:@-";
    for (char c = 0; c < 128; c++) {
      assertEquals(allowed.indexOf(c) >= 0, ChannelNames.isValid("x" + c), "character " + (int) c);
    }
  }
}

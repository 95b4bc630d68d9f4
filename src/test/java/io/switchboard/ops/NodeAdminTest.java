package io.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NodeAdminTest {
  @Test
  void aGlobsStarStandsForAnyCharactersAndEverythingElseForItself() {
    Pattern p = NodeAdmin.glob("chat:*-room.*");
    assertTrue(p.matcher("chat:big-room.1").matches());
    assertTrue(p.matcher("chat:-room.").matches());
    assertFalse(p.matcher("chat:big-roomX1").matches(), "a dot is a dot");
    assertFalse(p.matcher("xchat:a-room.1").matches());
    assertTrue(NodeAdmin.glob("*").matcher("anything:at all").matches());
    assertTrue(NodeAdmin.glob("exact").matcher("exact").matches());
    assertFalse(NodeAdmin.glob("exact").matcher("exactly").matches());
    assertTrue(NodeAdmin.glob("a**b").matcher("ab").matches());
  }
}

package io.github.eid4j.cli;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.fineid.Fineid;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.testing.PinResidue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PINs piped to eid leave no copy in memory: both PINs of a virtual card are changed and a
 * document signed, reading every PIN from standard input, in a JVM that never
 * frees garbage; its heap dump holds neither PIN, as text or as PIN block, reachable or not.
 */
class PipedPinTest {
    @TempDir
    Path dir;

    @Test
    void pinsReadFromAPipeLeaveNoCopy() throws Exception {
        Path home = dir.resolve("home");
        new VirtualCards(home).create("pins", "fineid-v4", true).wipe();
        byte[] stdin = PipedPinScenario.standardInput(FineidVirtualCard.TEST_PIN1, FineidVirtualCard.TEST_PIN2);
        PinResidue.Run run = PinResidue.run(dir, PipedPinScenario.class, stdin, Map.of("EID4J_HOME", home.toString()), List.of(),
                "pins", dir.toString());
        PinResidue.assertNoCopies(run, Fineid.PIN_BLOCK);
    }
}

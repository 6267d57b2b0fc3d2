package io.github.eid4j.jca;

import io.github.eid4j.card.fineid.Fineid;
import io.github.eid4j.testing.PinResidue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No copy of a PIN is left in memory after the provider used it: a virtual card's PINs are
 * changed, then three signatures are made with each key, in a JVM that never frees garbage;
 * its heap dump holds neither PIN, as text or as PIN block, reachable or not.
 */
class PinResidueTest {
    @TempDir
    Path dir;

    @Test
    void signingThroughTheProviderLeavesNoCopyOfEitherPin() throws Exception {
        Path home = dir.resolve("home");
        String card = TestCards.copy(TestCards.V4, home);
        PinResidue.Run run = PinResidue.run(dir, PinResidueScenario.class, null, Map.of("EID4J_HOME", home.toString()), List.of(), card);
        PinResidue.assertNoCopies(run, Fineid.PIN_BLOCK);
    }
}

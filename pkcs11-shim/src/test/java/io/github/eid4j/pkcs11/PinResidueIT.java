package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.card.fineid.Fineid;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PinResidue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No copy of a PIN is left in memory after the module used it: C_SetPIN, C_InitPIN, C_Login
 * and signatures (with the context-specific login of the signature key) on both tokens of a
 * card, in a JVM that never frees garbage; its heap dump holds neither PIN, as text or as PIN
 * block, reachable or not. Once with a virtual card in the module, once with the card in a
 * reader through pcscd (the card served from the same JVM, so both ends are searched).
 */
class PinResidueIT {
    @TempDir
    Path dir;

    private void assertNoPinLeftAfter(String mode) throws Exception {
        assertThat(System.getenv("EID4J_PKCS11_CONF")).as("EID4J_PKCS11_CONF must not be set for this test").isNull();
        Fixture.createCards(dir.resolve("home"), PinResidueScenario.CARD, "fineid-v4");
        PinResidue.Run run = PinResidue.run(dir, PinResidueScenario.class, null, Map.of(),
                List.of("-Deid4j.pkcs11.dist=" + Fixture.dist()), mode, dir.toString());
        PinResidue.assertNoCopies(run, Fineid.PIN_BLOCK);
    }

    @Test
    void aVirtualCardInTheModuleLeavesNoCopyOfEitherPin() throws Exception {
        assertNoPinLeftAfter("virtual");
    }

    @Test
    void aCardInAReaderLeavesNoCopyOfEitherPinOnEitherSide() throws Exception {
        Pcscd.requireVpcdReaders();
        assertNoPinLeftAfter("reader");
        Pcscd.awaitReader(Pcscd.READER_0, r -> !r.cardPresent(), "empty");
    }
}

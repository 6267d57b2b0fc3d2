package io.github.eid4j.conformance;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.fineid.Fineid;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.cli.Eid;
import io.github.eid4j.testing.Interactive;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.ProgramRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After `eid` or a Java application with the Eid4j provider has used a PIN and ended (normally,
 * after a logout, or killed), a second program that never knew the PIN cannot make the card sign
 * (scriptor sending MSE + PSO without VERIFY). The card is a virtual FINEID v4 card in vpcd's
 * reader, used through pcscd.
 */
class NoPinOutlivesTheCommandIT extends PcscdTest {
    @TempDir
    Path home;

    @BeforeEach
    void insert() throws Exception {
        new VirtualCards(home).create("v4", "fineid-v4", true);
        VirtualCards.OpenCard card = closing(new VirtualCards(home).open("v4"));
        closing(VpcdBridge.start(card.card(), PORT_0));
        Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the card");
    }

    private static boolean authenticationKeySignsForAnyone() throws Exception {
        return UnverifiedSigner.signs(READER_0, Fineid.ALG_V4_ECDSA, Fineid.AUTH_KEY);
    }

    private static boolean signatureKeySignsForAnyone() throws Exception {
        return UnverifiedSigner.signs(READER_0, Fineid.ALG_V4_ECDSA, Fineid.V4_SIGN_KEY);
    }

    /** Runs `eid` to its end with the given standard input; returns what it printed, after checking it succeeded. */
    private String eid(String input, String... args) throws Exception {
        return ProgramRun.of(JavaMain.command(Eid.class, args)).with(Map.of("EID4J_HOME", home.toString())).input(input).run().ok().all();
    }

    /** SigningProgram, with PIN1 given, up to the line it prints after {@code awaited}. */
    private Interactive signingProgram(String ending, String... awaited) throws Exception {
        Interactive p = new Interactive(home, Map.of("EID4J_HOME", home.toString()),
                JavaMain.command(SigningProgram.class, ending, READER_0).toArray(String[]::new));
        p.send(FineidVirtualCard.TEST_PIN1);
        p.endInput();
        for (String expected : awaited) {
            p.await(expected + "\n");
        }
        return p;
    }

    @Test
    void changingPin2LeavesItUnverified() throws Exception {
        eid(FineidVirtualCard.TEST_PIN2 + "\n654321\n654321\n", "change-pin", "pin2", "--reader", READER_0);
        assertThat(signatureKeySignsForAnyone()).as("the qualified signature key signs for a program without PIN2").isFalse();
    }

    @Test
    void changingPin1LeavesItUnverified() throws Exception {
        eid(FineidVirtualCard.TEST_PIN1 + "\n4321\n4321\n", "change-pin", "pin1", "--reader", READER_0);
        assertThat(authenticationKeySignsForAnyone()).isFalse();
    }

    @Test
    void unblockingLeavesThePinUnverified() throws Exception {
        eid(FineidVirtualCard.TEST_PUK + "\n4321\n4321\n", "unblock", "pin1", "--reader", READER_0);
        assertThat(authenticationKeySignsForAnyone()).isFalse();
    }

    @Test
    void signingADocumentLeavesNoPinVerified() throws Exception {
        Path document = Files.writeString(home.resolve("contract.txt"), "Sopimus\n");
        eid(FineidVirtualCard.TEST_PIN2 + "\n", "sign", "--reader", READER_0, document.toString());
        assertThat(signatureKeySignsForAnyone()).isFalse();
        assertThat(authenticationKeySignsForAnyone()).isFalse();
    }

    @Test
    void aJavaApplicationThatEndsLeavesNoPinVerified() throws Exception {
        try (Interactive p = signingProgram("exit", "signed")) {
            assertThat(p.exit()).isZero();
        }
        assertThat(authenticationKeySignsForAnyone()).isFalse();
    }

    @Test
    void theProvidersLogoutEndsTheVerification() throws Exception {
        try (Interactive p = signingProgram("logout", "signed", "logged out")) {
            assertThat(authenticationKeySignsForAnyone()).isFalse();
        }
    }

    /**
     * Killed in the middle of an operation (waiting in its PIN2 dialog, inside the card
     * transaction) with PIN1 verified: pcsc-lite resets the card of a dead process that held its
     * transaction. (Killed between operations, with no transaction, pcsc-lite leaves the card as it
     * is: docs/architecture.md.)
     */
    @Test
    void anApplicationKilledInTheMiddleOfAnOperationLeavesNoPinVerified() throws Exception {
        signingProgram("pin2", "signed", "asked for PIN2").close();
        assertThat(authenticationKeySignsForAnyone()).isFalse();
    }
}

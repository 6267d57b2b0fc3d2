package io.github.eid4j.pkcs11;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.fineid.Fineid;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.conformance.UnverifiedSigner;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After an application that logged in leaves the card, by any PKCS#11 path, a second program that
 * never knew the PIN cannot make the card sign (scriptor sending MSE + PSO, no VERIFY). The card
 * is a virtual FINEID v4 card in vpcd's reader; the module reads it through pcscd, joined to this
 * JVM through FFM as a C application calls it, or inside openssl and pkcs11-tool.
 *
 * <p>It lives in the module's package (on the class path, beside pkcs11-shim's classes) because it
 * calls the module with the package-private {@link Ck} constants and the FFM client of
 * pkcs11-shim's test-jar ({@link NativeModule}, {@link Calls}).
 */
class NoPinOutlivesItsProgramIT extends PcscdTest {
    private static final MemorySegment NULL = MemorySegment.NULL;
    private static final long PIN1_SLOT = 0;
    private static final long PIN2_SLOT = 1;

    @TempDir
    static Path dir;
    static Path home;
    static Path config;
    static NativeModule p11;

    private Arena arena;
    private Calls calls;

    @BeforeAll
    static void loadModule() throws Throwable {
        home = dir.resolve("home");
        Fixture.createCards(home, "v4", "fineid-v4");
        p11 = Fixture.readerModule(dir.resolve("module"), home);
        config = dir.resolve("module").resolve(Fixture.EID4J_CONF);
    }

    @BeforeEach
    void insert() throws Exception {
        arena = Arena.ofShared();
        calls = new Calls(p11, arena);
        VirtualCards.OpenCard card = closing(new VirtualCards(home).open("v4"));
        closing(VpcdBridge.start(card.card(), PORT_0));
        Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the card");
    }

    @AfterEach
    void finish() {
        p11.call("C_Finalize", NULL);
        arena.close();
    }

    private static boolean authenticationKeySignsForAnyone() throws Exception {
        return UnverifiedSigner.signs(READER_0, Fineid.ALG_V4_ECDSA, Fineid.AUTH_KEY);
    }

    private static boolean signatureKeySignsForAnyone() throws Exception {
        return UnverifiedSigner.signs(READER_0, Fineid.ALG_V4_ECDSA, Fineid.V4_SIGN_KEY);
    }

    /** C_Initialize, then a session on the slot logged in with the PIN, once the module sees the card. */
    private long loggedIn(long slot, String pin) throws Exception {
        assertThat(p11.call("C_Initialize", NULL)).isEqualTo(Ck.CKR_OK);
        long session = calls.openSession(slot);
        assertThat(calls.login(session, Ck.CKU_USER, pin)).isEqualTo(Ck.CKR_OK);
        return session;
    }

    @Test
    void cFinalizeWithoutLogoutLeavesThePin2TokenLoggedOutOnTheCard() throws Exception {
        loggedIn(PIN2_SLOT, FineidVirtualCard.TEST_PIN2);
        assertThat(p11.call("C_Finalize", NULL)).isEqualTo(Ck.CKR_OK);
        assertThat(signatureKeySignsForAnyone()).as("the qualified signature key signs for a program without PIN2").isFalse();
    }

    @Test
    void cFinalizeWithoutLogoutLeavesThePin1TokenLoggedOutOnTheCard() throws Exception {
        loggedIn(PIN1_SLOT, FineidVirtualCard.TEST_PIN1);
        assertThat(authenticationKeySignsForAnyone()).as("control: while the application is logged in, PIN1 is verified").isTrue();
        assertThat(p11.call("C_Finalize", NULL)).isEqualTo(Ck.CKR_OK);
        assertThat(authenticationKeySignsForAnyone()).as("the authentication key signs for a program without PIN1").isFalse();
    }

    @Test
    void cLogoutEndsTheVerification() throws Exception {
        long session = loggedIn(PIN1_SLOT, FineidVirtualCard.TEST_PIN1);
        assertThat(p11.call("C_Logout", session)).isEqualTo(Ck.CKR_OK);
        assertThat(authenticationKeySignsForAnyone()).isFalse();
    }

    @Test
    void closingTheLastSessionEndsTheVerification() throws Exception {
        long session = loggedIn(PIN1_SLOT, FineidVirtualCard.TEST_PIN1);
        assertThat(p11.call("C_CloseSession", session)).isEqualTo(Ck.CKR_OK);
        assertThat(authenticationKeySignsForAnyone()).isFalse();
    }

    @Test
    void cCloseAllSessionsEndsTheVerification() throws Exception {
        loggedIn(PIN2_SLOT, FineidVirtualCard.TEST_PIN2);
        assertThat(p11.call("C_CloseAllSessions", PIN2_SLOT)).isEqualTo(Ck.CKR_OK);
        assertThat(signatureKeySignsForAnyone()).isFalse();
    }

    /** README's recipe: openssl dgst with libp11's engine and PIN1, then the process ends. */
    @Test
    void opensslWithTheEngineLeavesNoPinVerified() throws Exception {
        Path document = Files.writeString(dir.resolve("document.txt"), "Kirjautuminen\n", StandardCharsets.UTF_8);
        Path pin = Files.writeString(dir.resolve("pin1"), FineidVirtualCard.TEST_PIN1 + "\n", StandardCharsets.US_ASCII);
        ProgramRun.of("openssl", "dgst", "-sha384", "-engine", "pkcs11", "-keyform", "engine", "-passin", "file:" + pin,
                "-sign", Fixture.keyUri(config, 0, "45"), "-out", dir.resolve("document.sig").toString(),
                document.toString())
                .with(Map.of("PKCS11_MODULE_PATH", Fixture.module().toString(), "EID4J_PKCS11_CONF", config.toString()))
                        .in(dir).run().ok();
        assertThat(authenticationKeySignsForAnyone()).isFalse();
    }

    /** pkcs11-tool signing with the signature key: C_Login, then the context-specific login before C_Sign. */
    @Test
    void pkcs11ToolSigningWithPin2LeavesNoPinVerified() throws Exception {
        Path data = Files.write(dir.resolve("hash"), new byte[48]);
        ProgramRun.of("pkcs11-tool", "--module", Fixture.module().toString(),
                "--slot-index", "1", "--login", "--pin", FineidVirtualCard.TEST_PIN2, "--sign", "--mechanism", "ECDSA",
                "--id", "46", "--input-file", data.toString(), "--output-file", dir.resolve("hash.sig").toString())
                .with(Map.of("EID4J_PKCS11_CONF", config.toString())).in(dir).run().ok();
        assertThat(signatureKeySignsForAnyone()).isFalse();
        assertThat(authenticationKeySignsForAnyone()).isFalse();
    }
}

package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eid --pkcs11 <module>} as a user runs it, on a SoftHSM2 token: the same commands and
 * sentences as on our own cards, the signature key's PIN asked by its context-specific login, and
 * openssl (nobody here wrote it) checking what was signed.
 */
class EidPkcs11BridgeIT {
    @TempDir
    Path home;

    @BeforeAll
    static void token() throws Exception {
        SoftHsmToken.create();
    }

    private ProgramRun.Result eid(String input, String... args) throws Exception {
        return JavaMain.eid(home, SoftHsmToken.environment(), input, args);
    }

    @Test
    void statusAndCertsShowTheTokensKeysCertificatesAndPins() throws Exception {
        String status = eid("", "status", "--pkcs11", SoftHsmToken.module()).ok().out();
        assertThat(status).contains("in token '" + SoftHsmToken.LABEL + "' of PKCS#11 module " + SoftHsmToken.module())
                .contains("authentication key (RSA 2048 bits, PIN): CN=Bridge Test Authentication")
                .contains("signature key (EC 256 bits, PIN): CN=Bridge Test Signature")
                .contains("CA: CN=eid4j bridge TEST CA")
                .contains("PIN (authentication and signature): tries left unknown");
        assertThat(eid("", "certs", "--pkcs11", SoftHsmToken.module()).ok().out())
                .contains("signature: CN=Bridge Test Signature").contains("ca-1: CN=eid4j bridge TEST CA");
    }

    @Test
    void signWithTheAlwaysAuthenticateKeyAndAWrongPinIsOneSentence() throws Exception {
        Path document = Files.writeString(home.resolve("document.txt"), "Allekirjoitettava asiakirja\n");
        ProgramRun.Result signed = eid(SoftHsmToken.PIN + "\n", "sign", "--pkcs11", SoftHsmToken.module(), document.toString());
        assertThat(signed.ok().out()).contains("Signed " + document + " as Bridge Test Signature");
        ProgramRun.of(Programs.find("openssl"), "cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", document + ".p7s",
                "-content", document.toString(), "-out", home.resolve("out").toString()).run().ok();

        ProgramRun.Result wrong = eid("999999\n", "sign", "--pkcs11", SoftHsmToken.module(), document.toString(), "-o", home.resolve("x.p7s").toString());
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.out()).contains("eid: Wrong PIN; the token does not say how many tries are left before it is blocked.")
                .doesNotContain("Exception").doesNotContain("999999");
        assertThat(home.resolve("x.p7s")).doesNotExist();
    }

    @Test
    void changePinThenTheNewPinSigns() throws Exception {
        assertThat(eid(SoftHsmToken.PIN + "\n654321\n654321\n", "change-pin", "--pkcs11", SoftHsmToken.module()).ok().out())
                .contains("PIN is changed.");
        try {
            Path document = Files.writeString(home.resolve("document.txt"), "a document\n");
            assertThat(eid("654321\n", "sign", "--pkcs11", SoftHsmToken.module(), "--key", "authentication", document.toString()).ok().out())
                    .contains("Signed " + document + " as Bridge Test Authentication");
        } finally {
            eid("654321\n" + SoftHsmToken.PIN + "\n" + SoftHsmToken.PIN + "\n", "change-pin", "--pkcs11", SoftHsmToken.module()).ok();
        }
    }

    /** Where the bridge looked for a vendor module, in its order, when none is installed; a wrong path in one sentence. */
    @Test
    void aMissingModuleIsOneSentenceNamingWhereItLooked() throws Exception {
        ProgramRun.Result installed = eid("", "status", "--pkcs11", "installed");
        assertThat(installed.exit()).isNotZero();
        assertThat(installed.out().strip()).isEqualTo("eid: No vendor PKCS#11 module is installed (looked for /usr/lib/pkcs11/libgclib.so,"
                + " /usr/lib64/libcryptoki.so, /usr/lib/libcryptoki.so).");
        ProgramRun.Result missing = eid("", "status", "--pkcs11", "/nowhere/libgclib.so");
        assertThat(missing.out().strip()).isEqualTo("eid: There is no PKCS#11 module /nowhere/libgclib.so.");
    }
}

package io.github.eid4j.conformance;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.ProgramRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eid --pkcs11} on OpenSC's opensc-pkcs11.so (nobody here wrote it) with our virtual FINEID
 * v4 card served through vpcd into pcscd: OpenSC 0.23 has no FINEID v4 driver, so its generic
 * PKCS#15 driver binds the card; what it shows is what we personalised.
 */
class Pkcs11BridgeOpenscIT extends PcscdTest {
    private static final String OPENSC = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

    @TempDir
    Path dir;

    private ProgramRun.Result eid(Map<String, String> environment, String input, String... args) throws Exception {
        return JavaMain.eid(dir.resolve("eid-home"), environment, input, args);
    }

    private Map<String, String> openscConfiguration() throws Exception {
        Path conf = Files.writeString(dir.resolve("opensc.conf"),
                "app default {\n  enable_default_driver = true;\n  framework pkcs15 { use_file_caching = no; }\n}\n");
        return Map.of("OPENSC_CONF", conf.toString());
    }

    /**
     * OpenSC reports slot events, which the bridge asks for with CKF_DONT_BLOCK until C_Finalize;
     * the card pulled out is a removed token, and put back it opens again in the same program
     * ({@link TokenComesAndGoes}, which serves the card itself).
     */
    @Test
    void theCardPulledOutIsARemovedTokenAndPutBackOpensAgainInTheSameProgram() throws Exception {
        String out = ProgramRun.of(JavaMain.command(TokenComesAndGoes.class, "card", OPENSC)).with(openscConfiguration())
                .within(java.time.Duration.ofSeconds(120)).run().ok().out();
        String token = "token 'HENKILOKORTTI (PIN1)' of PKCS#11 module " + OPENSC;
        assertThat(out).isEqualTo("opened: " + token + "\n"
                + "slot events followed: true\n"
                + "pulled out: CARD_REMOVED The " + token + " was removed.\n"
                + "put back: the same card true\n"
                + "slot events followed after C_Finalize: false\n");
    }

    @Test
    void openscOnTheVirtualFineidCard() throws Exception {
        Map<String, String> environment = openscConfiguration();
        VirtualCard virtual = new VirtualCard(new FineidVirtualCard.V4().personalise(true, new SecureRandom()).image(), NonVolatileMemory.NONE);
        try (VpcdBridge bridge = VpcdBridge.start(virtual, PORT_0)) {
            Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the FINEID v4 card");
            String status = eid(environment, "", "status", "--pkcs11", OPENSC).ok().out();
            // OpenSC shows one token per PIN; the bridge takes the first, PIN1's, with the authentication key and the CA certificates.
            assertThat(status).contains("in token 'HENKILOKORTTI (PIN1)' of PKCS#11 module " + OPENSC)
                    .contains("authentication key (EC 384 bits, PIN): CN=Meikäläinen Maija").contains("CA: CN=eid4j TEST Root CA");
            assertThat(eid(environment, "", "certs", "--pkcs11", OPENSC).ok().out()).contains("authentication: CN=Meikäläinen Maija")
                    .contains("ca-2: CN=eid4j TEST Root CA");

            // What it cannot do: its generic driver offers no ECDSA mechanism for the card, so the key signs nothing.
            String mechanisms = ProgramRun.of("pkcs11-tool", "--module", OPENSC, "-M").with(environment).run().ok().out();
            assertThat(mechanisms).doesNotContain("ECDSA");
            Path document = Files.writeString(dir.resolve("document.txt"), "Allekirjoitettava asiakirja\n");
            ProgramRun.Result signed = eid(environment, "1234\n", "sign", "--pkcs11", OPENSC, "--key", "authentication", document.toString());
            assertThat(signed.exit()).isNotZero();
            assertThat(signed.out()).contains("The authentication key (EC) of this card cannot make ECDSA signatures (SHA256withECDSA).")
                    .doesNotContain("Exception");
        }
    }
}

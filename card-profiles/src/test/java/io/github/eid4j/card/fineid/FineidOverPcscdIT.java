package io.github.eid4j.card.fineid;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.emulator.VirtualCardProfile;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.Programs;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.ScriptedPins;
import io.github.eid4j.card.SignatureScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both virtual FINEID generations served into pcscd through vpcd: driven by eid4j's own PC/SC
 * stack, and read by OpenSC 0.23, a PKCS#15 reader nobody here wrote.
 */
class FineidOverPcscdIT extends PcscdTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    private static VirtualCard card(VirtualCardProfile profile) {
        Personalisation p = profile.personalise(true, RANDOM);
        return new VirtualCard(p.image(), NonVolatileMemory.NONE);
    }

    @Test
    void v4ThroughPcscdSignsWithBothKeys() throws Exception {
        try (VpcdBridge bridge = VpcdBridge.start(card(new FineidVirtualCard.V4()), PORT_0)) {
            Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the FINEID v4 card");
            try (EidCard card = EidCards.openReader(READER_0)) {
                assertThat(card.identity().version()).isEqualTo("v4.0");
                assertThat(card.identity().location()).isEqualTo("reader 'Virtual PCD 00 00'");
                assertThat(card.status(card.pins().get(0)).triesLeft()).isEqualTo(5);
                for (KeyPurpose purpose : KeyPurpose.values()) {
                    KeyEntry key = card.key(purpose).orElseThrow();
                    byte[] digest = MessageDigest.getInstance("SHA-384").digest(new byte[] {1, 2, 3});
                    byte[] rs = card.sign(key, SignatureScheme.ECDSA, HashAlgorithm.SHA384, digest, ScriptedPins.answering(
                            purpose == KeyPurpose.AUTHENTICATION ? FineidVirtualCard.TEST_PIN1 : FineidVirtualCard.TEST_PIN2));
                    Signature v = Signature.getInstance("SHA384withECDSAinP1363Format");
                    v.initVerify(key.publicKey());
                    v.update(new byte[] {1, 2, 3});
                    assertThat(v.verify(rs)).as(purpose.name()).isTrue();
                }
            }
            // The first supported card in any reader is this one.
            try (EidCard first = EidCards.openFirst()) {
                assertThat(first.identity().location()).isEqualTo("reader 'Virtual PCD 00 00'");
            }
        }
    }

    @Test
    void v3ThroughPcscdSignsWithRsaOverT0() throws Exception {
        try (VpcdBridge bridge = VpcdBridge.start(card(new FineidVirtualCard.V3()), PORT_0)) {
            Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the FINEID v3 card");
            try (EidCard card = EidCards.openReader(READER_0)) {
                assertThat(card.identity().version()).isEqualTo("v3.1");
                KeyEntry auth = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(new byte[] {4, 5, 6});
                byte[] sig = card.sign(auth, SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA256, digest,
                        ScriptedPins.answering(FineidVirtualCard.TEST_PIN1));
                Signature v = Signature.getInstance("SHA256withRSA");
                v.initVerify(auth.publicKey());
                v.update(new byte[] {4, 5, 6});
                assertThat(v.verify(sig)).isTrue();
            }
        }
    }

    /**
     * OpenSC 0.23 knows no FINEID v3/v4 driver; with its generic driver enabled it binds the card
     * and reads our PKCS#15 structure. What it lists must be what we personalised.
     */
    @Test
    void openscReadsThePkcs15StructureWePersonalised() throws Exception {
        Path conf = tmp.resolve("opensc.conf");
        Files.writeString(conf, "app default {\n  enable_default_driver = true;\n  framework pkcs15 { use_file_caching = no; }\n}\n");
        VirtualCard virtual = card(new FineidVirtualCard.V4());
        try (VpcdBridge bridge = VpcdBridge.start(virtual, PORT_0)) {
            Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the FINEID v4 card");
            String index = Programs.openscReaderIndex(READER_0);
            String dump = Programs.runWith(List.of("OPENSC_CONF=" + conf), "pkcs15-tool", "-r", index, "--dump");
            assertThat(dump).contains("PKCS#15 Card [HENKILOKORTTI]").contains("Manufacturer ID: eid4j virtual FINEID v4.0");
            assertThat(section(dump, "PIN [PIN1]")).contains("Auth ID        : 03").contains("ID             : 01")
                    .contains("min_len:4, max_len:8, stored_len:12").contains("Reference      : 17 (0x11)").contains("ascii-numeric");
            assertThat(section(dump, "PIN [PIN2]")).contains("local").contains("min_len:6, max_len:8").contains("Reference      : 130 (0x82)");
            assertThat(section(dump, "PIN [PUK]")).contains("unblockingPin").contains("Reference      : 131 (0x83)");
            assertThat(section(dump, "Private EC Key [todentamis- ja salausavain]")).contains("sign, derive")
                    .contains("FieldLength    : 384").contains("Key ref        : 1 (0x01)").contains("Auth ID        : 01").contains("ID             : 45");
            assertThat(section(dump, "Private EC Key [allekirjoitusavain]")).contains("nonRepudiation")
                    .contains("Key ref        : 2 (0x02)").contains("Path           : 3f005016").contains("Auth ID        : 02");
            assertThat(section(dump, "X.509 Certificate [todentamis- ja salausvarmenne]")).contains("Path           : 3f004331").contains("ID             : 45");
            assertThat(section(dump, "X.509 Certificate [allekirjoitusvarmenne]")).contains("Path           : 3f0050164332").contains("ID             : 46");
            assertThat(section(dump, "X.509 Certificate [eid4j TEST Root CA]")).contains("Authority      : yes");

            String objects = Programs.runWith(List.of("OPENSC_CONF=" + conf), "pkcs11-tool",
                    "--module", "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", "-L");
            assertThat(objects).contains("HENKILOKORTTI (PIN1)").contains("HENKILOKORTTI (PIN2)");
        }
    }

    private static String section(String dump, String heading) {
        int start = dump.indexOf(heading);
        assertThat(start).as("pkcs15-tool --dump lists %s:%n%s", heading, dump).isNotNegative();
        int end = dump.indexOf("\n\n", start);
        return dump.substring(start, end < 0 ? dump.length() : end);
    }
}

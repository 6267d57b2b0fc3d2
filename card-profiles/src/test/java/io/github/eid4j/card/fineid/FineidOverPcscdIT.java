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
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.ScriptedPins;
import io.github.eid4j.card.SignatureScheme;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import org.junit.jupiter.api.Test;

/**
 * Both virtual FINEID generations served into pcscd through vpcd, driven by eid4j's own PC/SC
 * stack (conformance-tests' OpenscPkcs15IT reads them with OpenSC).
 */
class FineidOverPcscdIT extends PcscdTest {
    private static final SecureRandom RANDOM = new SecureRandom();

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
}

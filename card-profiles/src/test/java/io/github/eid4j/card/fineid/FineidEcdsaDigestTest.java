package io.github.eid4j.card.fineid;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCard;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ECDSA with a digest longer than the curve on the virtual FINEID signature keys (SHA-512 on
 * v4's P-384, SHA-384 and SHA-512 on v3's P-256), as middleware offering ES384/ES512 sends it:
 * the card signs the digest's leftmost bits (FIPS 186-4 §6.4, SEC 1 §4.1.3), which the JDK's
 * verifier checks. The hash nibble of the algorithm byte does not change what an ECDSA key
 * signs: OpenSC sends 54 (SHA-384) with every hash, padded to 48 bytes, and the real v4 cards it
 * was tested with sign it [I for other mismatches: docs/fineid.md].
 */
class FineidEcdsaDigestTest {
    private static final byte[] DOCUMENT = "ES512 allekirjoitus".getBytes(StandardCharsets.UTF_8);

    private static String send(VirtualCard card, String hex) {
        return Hex.plain(card.process(Hex.decode(hex)));
    }

    @ParameterizedTest(name = "v4={0} {1} alg {2}")
    @CsvSource({
        "true, SHA-512, 64", "true, SHA-512, 54",
        "false, SHA-384, 54", "false, SHA-512, 64", "false, SHA-512, 44"})
    void signsTheLeftmostBitsOfALongerDigest(boolean v4, String hash, String algorithmByte) throws Exception {
        FineidVersion version = v4 ? FineidVersion.V4_0 : FineidVersion.V3_1;
        Personalisation p = (v4 ? new FineidVirtualCard.V4() : new FineidVirtualCard.V3()).personalise(true, new SecureRandom());
        VirtualCard card = new VirtualCard(p.image(), NonVolatileMemory.NONE);
        card.powerOn();
        assertThat(send(card, "00 A4 04 0C 0C " + Hex.plain(Fineid.AID))).isEqualTo("9000");

        byte[] path = version.signCertificatePath();
        assertThat(send(card, String.format("00 A4 08 04 %02X %s", path.length, Hex.plain(path)))).startsWith("61");
        byte[] der = new byte[0];
        String answer;
        do {
            answer = send(card, String.format("00 B0 %04X 00", der.length));
            byte[] chunk = Hex.decode(answer.substring(0, answer.length() - 4));
            der = Arrays.copyOf(der, der.length + chunk.length);
            System.arraycopy(chunk, 0, der, der.length - chunk.length, chunk.length);
        } while (answer.endsWith("9000") && answer.length() > 4 && der.length % Fineid.READ_CHUNK == 0);
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));

        byte[] digest = MessageDigest.getInstance(hash).digest(DOCUMENT);
        assertThat(send(card, "00 20 00 82 0C " + Hex.plain(Arrays.copyOf(FineidVirtualCard.TEST_PIN2.getBytes(StandardCharsets.US_ASCII),
                Fineid.PIN_BLOCK)))).isEqualTo("9000");
        assertThat(send(card, String.format("00 22 41 B6 06 80 01 %s 84 01 %02X", algorithmByte, version.signKey()))).isEqualTo("9000");
        assertThat(send(card, String.format("00 2A 90 A0 %02X 90 %02X %s", digest.length + 2, digest.length, Hex.plain(digest))))
                .isEqualTo("9000");
        String signature = send(card, "00 2A 9E 9A 00");
        assertThat(signature).endsWith("9000");

        Signature verifier = Signature.getInstance(hash.replace("-", "") + "withECDSAinP1363Format");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(DOCUMENT);
        assertThat(verifier.verify(Hex.decode(signature.substring(0, signature.length() - 4)))).isTrue();
    }
}

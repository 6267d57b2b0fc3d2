package io.github.eid4j.card.fineid;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCard;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The virtual FINEID cards at the wire, as a T=0 chip behind a reader, fed the bytes other
 * middleware hands to SCardTransmit. The commands are those of web-eid's libelectronic-id FinEID
 * code (the recordings in src/test/resources/recordings/fineid, docs/recordings.md), which
 * sends case-4 commands with their Le whatever the protocol.
 */
class FineidVirtualCardWireTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static VirtualCard card(boolean v4) {
        Personalisation p = (v4 ? new FineidVirtualCard.V4() : new FineidVirtualCard.V3()).personalise(true, RANDOM);
        VirtualCard card = new VirtualCard(p.image(), NonVolatileMemory.NONE);
        card.powerOn();
        return card;
    }

    private static String send(VirtualCard card, String hex) {
        return Hex.plain(card.process(Hex.decode(hex)));
    }

    /**
     * A T=0 chip never sees Le on a case-4 command (the reader drops it), so it announces its
     * answer with 61xx and hands it over with GET RESPONSE; the FCP is the size alone, in tag 81,
     * as the recorded v3 and v4 cards answer; and the reads after the SELECT find the file.
     */
    @ParameterizedTest(name = "v4={0}")
    @ValueSource(booleans = {true, false})
    void answersCaseFourCommandsAsAT0CardBehindAReader(boolean v4) throws Exception {
        VirtualCard card = card(v4);
        assertThat(send(card, "00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35")).isEqualTo("9000");

        assertThat(send(card, "00 A4 08 04 02 43 31 00")).isEqualTo("6106");
        String fcp = send(card, "00 C0 00 00 06");
        assertThat(fcp).matches("62048102[0-9A-F]{4}9000");
        int size = Integer.parseInt(fcp.substring(8, 12), 16);

        ByteArrayOutputStream der = new ByteArrayOutputStream();
        while (der.size() < size) {
            String answer = send(card, String.format("00 B0 %04X 00", der.size()));
            assertThat(answer).endsWith("9000");
            der.writeBytes(Hex.decode(answer.substring(0, answer.length() - 4)));
        }
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der.toByteArray()));
        assertThat(certificate.getEncoded()).hasSize(size);

        assertThat(send(card, "00 CB 00 FF 05 A0 03 83 01 11 00")).isEqualTo("6125");
        assertThat(send(card, "00 C0 00 00 25")).startsWith("A0238301118C04").endsWith("DF2F01019000");
    }

    /** The signature certificate's SELECT by its two-level path, as web-eid sends it, gives the FCP too. */
    @ParameterizedTest(name = "v4={0}")
    @ValueSource(booleans = {true, false})
    void selectsTheSignatureCertificateByPathWithLe(boolean v4) {
        VirtualCard card = card(v4);
        send(card, "00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35");
        assertThat(send(card, "00 A4 08 04 04 50 16 " + (v4 ? "43 32" : "43 35") + " 00")).isEqualTo("6106");
        assertThat(send(card, "00 C0 00 00 06")).matches("62048102[0-9A-F]{4}9000");
    }
}

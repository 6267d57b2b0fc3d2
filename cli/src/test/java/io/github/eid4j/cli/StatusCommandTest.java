package io.github.eid4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.transport.ApduRecording;
import io.github.eid4j.apdu.transport.ReplayTransport;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code eid status} with the minimum a real card gives: the answers a FINEID v4 specimen card
 * gave to web-eid's libelectronic-id (docs/recordings.md; the recording lives with the driver's
 * tests in card-profiles). The recording has the application, the authentication certificate and
 * PIN1's state, and nothing else: no EF.TokenInfo, no signature certificate, no PIN2 or PUK state.
 */
class StatusCommandTest {
    private static final Path V4_AUTHENTICATION =
            Path.of("../card-profiles/src/test/resources/recordings/fineid/libelectronic-id-fineid-v4-authentication.apdu");

    @Test
    void statusShowsWhatARealV4CardGaveAndUnknownForTheRest() throws Exception {
        ReplayTransport wire = new ReplayTransport(ApduRecording.read(V4_AUTHENTICATION));
        StringWriter text = new StringWriter();
        try (EidCard card = EidCards.openRecording(wire, "recording 'v4'")) {
            StatusCommand.print(card, new PrintWriter(text, true), new CertificateStatusLookup());
        }
        String out = text.toString();
        // The card is named by its authentication certificate (serial number 06 1C 09 65), not by EF.TokenInfo.
        assertThat(out).contains("Card: FINEID v4.0, serial 102500709, in recording 'v4'");
        assertThat(out).contains("authentication key (EC 384 bits, PIN1): CN=SPECIMEN-AUVINEN PHILIP 99902038C");
        assertThat(out).contains("signature key: unknown");
        // Its issuer's certificate is not in the recording: an OCSP answer could not be checked, so none is asked for.
        assertThat(out).contains("status: unknown (the card does not hold its issuer's certificate to check the answer)");
        assertThat(out).contains("PIN1 (authentication): 5 of 5 tries left");
        assertThat(out).containsPattern("PIN2 \\(signature\\): unknown \\(.*00 CB 00 FF 05 A0 03 83 01 82 00");
        assertThat(out).containsPattern("PUK \\(unblocking\\): unknown");
    }
}

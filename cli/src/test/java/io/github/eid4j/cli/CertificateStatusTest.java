package io.github.eid4j.cli;

import static io.github.eid4j.cli.EidTest.eid;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.pki.TestPkiHome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a holder asks the issuer ({@code eid virtual pki suspend|reactivate|revoke}) and what
 * {@code eid status} and {@code eid certs} then say of the certificates, learnt from the test
 * CA's OCSP responder, which the command runs for a virtual card; and what they say when the CA
 * cannot be reached. The card answers as before whatever its certificates' status.
 */
class CertificateStatusTest {
    private static final String CARD = "status-card";

    private TestPkiHome pki;

    @BeforeEach
    void cardWithLivePki() throws IOException {
        pki = pkiOnAFreePort();
        eid("virtual", "delete", CARD);
        assertThat(eid("virtual", "create", "--profile", "fineid-v4", "--activated", CARD).exit()).isZero();
    }

    @Test
    void suspendedThenReactivatedThenRevokedForGood() {
        assertThat(statusLine("signature")).isEqualTo("status: good (OCSP)");

        EidTest.Result suspended = eid("virtual", "pki", "suspend", CARD, "signature");
        assertThat(suspended.exit()).as(suspended.err()).isZero();
        Instant since = pki.state(pki.certificate(CARD, KeyPurpose.SIGNATURE)).since();
        assertThat(suspended.out()).contains("Suspended the signature certificate of '" + CARD + "': suspended since " + since + ".");
        assertThat(statusLine("signature")).isEqualTo("status: suspended since " + since + " (OCSP)");
        assertThat(statusLine("authentication")).as("the other certificate").isEqualTo("status: good (OCSP)");
        assertThat(eid("certs", "--virtual", CARD).out()).contains("; status: suspended since " + since + " (OCSP)");

        assertThat(eid("virtual", "pki", "reactivate", CARD, "signature").out())
                .contains("Reactivated the signature certificate of '" + CARD + "': good.");
        assertThat(statusLine("signature")).isEqualTo("status: good (OCSP)");

        EidTest.Result revoked = eid("virtual", "pki", "revoke", CARD, "--reason", "key-compromise");
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        Instant revokedAt = pki.state(pki.certificate(CARD, KeyPurpose.SIGNATURE)).since();
        assertThat(statusLine("signature")).isEqualTo("status: revoked since " + revokedAt + ", reason: key compromise (OCSP)");
        assertThat(statusLine("authentication")).startsWith("status: revoked since ");

        EidTest.Result refused = eid("virtual", "pki", "reactivate", CARD, "signature");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err().strip()).endsWith("is revoked, and revocation is final: it cannot be reactivated.")
                .doesNotContain("\tat ");
        // The card itself stays usable: it answers for its PINs as before.
        assertThat(eid("status", "--virtual", CARD).out()).contains("PIN1 (authentication): 5 of 5 tries left");
    }

    @Test
    void aCaThatDoesNotAnswerGivesUnknownBecauseOfflineQuickly() throws IOException {
        // Something holds the responder's port and never answers: the worst offline case, a time-out.
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), pki.port()));
            long start = System.nanoTime();
            EidTest.Result r = eid("status", "--virtual", CARD);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("status: unknown because offline (no answer from 127.0.0.1:" + pki.port() + " within 3 s)")
                    .contains("PIN1 (authentication): 5 of 5 tries left");
            // One time limit for the host, not one per certificate and per OCSP and CRL.
            assertThat(took).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void badRequestsAreOneSentence() {
        EidTest.Result noCard = eid("virtual", "pki", "suspend", "no-such-card");
        assertThat(noCard.exit()).isEqualTo(1);
        assertThat(noCard.err().strip()).isEqualTo("eid: There is no virtual card 'no-such-card'; 'eid virtual list' shows them.");
        EidTest.Result badReason = eid("virtual", "pki", "revoke", CARD, "--reason", "boredom");
        assertThat(badReason.exit()).isEqualTo(2);
        assertThat(badReason.err()).contains("'boredom' is not a reason to revoke; the reasons are: unspecified, key-compromise,");
        assertThat(eid("virtual", "pki", "suspend", CARD, "decryption").err())
                .contains("'decryption' is not a certificate of the card: say authentication or signature.");
    }

    /** The line after the certificate of {@code purpose} in 'eid status' that says its status. */
    private static String statusLine(String purpose) {
        EidTest.Result r = eid("status", "--virtual", CARD);
        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().startsWith(purpose + " key")) {
                return lines[i + 2].strip();
            }
        }
        throw new AssertionError("no " + purpose + " key in:\n" + r.out());
    }

    /** A new test PKI in the tests' eid4j home, on a port nothing else listens on. */
    static TestPkiHome pkiOnAFreePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return TestPkiHome.anew(VirtualCards.defaultHome(), socket.getLocalPort());
        }
    }
}

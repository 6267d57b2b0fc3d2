package io.github.eid4j.cli.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.card.pki.StatusResponder;
import io.github.eid4j.card.pki.TestPki;
import io.github.eid4j.card.pki.TestPkiHome;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the login service makes of a chain, without TLS (conformance-tests' LoginServiceIT has
 * JSSE, NSS and OpenSSL clients send it): the JDK's PKIX validator's verdict, put in the words
 * the user reads.
 */
class CertificateCheckTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path home;

    /** A FINEID-shaped PKI apart from any home, and an authentication certificate it issued. */
    private static final TestPki PKI = TestPki.create(RANDOM);
    private static final X509Certificate CERTIFICATE = issued(PKI);

    private static X509Certificate issued(TestPki pki) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"), RANDOM);
            return pki.issueAuthentication(generator.generateKeyPair().getPublic(), pki.testCitizen("Maija", "Meikäläinen"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CertificateCheck checkAt(Clock clock) {
        return new CertificateCheck(List.of(PKI.issuingCertificate(), PKI.rootCertificate()), false, clock);
    }

    @Test
    void aValidCertificateUnderAConfiguredCaIsGoodAndNoneSentIsSaidSo() {
        assertThat(checkAt(Clock.systemUTC()).check(List.of(CERTIFICATE))).isEqualTo(LoginOutcome.GOOD);
        assertThat(checkAt(Clock.systemUTC()).check(List.of())).isEqualTo(LoginOutcome.NO_CERTIFICATE);
    }

    @Test
    void aCertificateOfAnotherCaWithTheSameNamesIsAnUnknownIssuer() {
        // The other PKI's CAs carry the same names: only the signature tells them apart.
        assertThat(checkAt(Clock.systemUTC()).check(List.of(issued(TestPki.create(RANDOM))))).isEqualTo(LoginOutcome.UNKNOWN_ISSUER);
    }

    @Test
    void theValidityIsJudgedAtTheServicesTime() {
        Clock later = Clock.offset(Clock.systemUTC(), Duration.between(Clock.systemUTC().instant(),
                CERTIFICATE.getNotAfter().toInstant()).plusDays(1));
        assertThat(checkAt(later).check(List.of(CERTIFICATE))).isEqualTo(LoginOutcome.EXPIRED);
        Clock earlier = Clock.offset(Clock.systemUTC(), Duration.ofDays(-2));
        assertThat(checkAt(earlier).check(List.of(CERTIFICATE))).isEqualTo(LoginOutcome.NOT_YET_VALID);
    }

    /** The card's issuer answers through OCSP: suspended, good again when reactivated, revoked; unanswered, the status is unknown. */
    @Test
    void theIssuersAnswerDecides() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        TestPkiHome pki = TestPkiHome.of(home, port);
        new FineidVirtualCard.V4().personalise("card", home, true, RANDOM);
        X509Certificate card = pki.certificate("card", KeyPurpose.AUTHENTICATION);
        CertificateCheck check = new CertificateCheck(pki.caCertificates(), true, Clock.systemUTC());

        assertThat(check.check(List.of(card))).as("nobody answers").isEqualTo(LoginOutcome.STATUS_UNKNOWN);
        try (StatusResponder responder = StatusResponder.start(pki)) {
            assertThat(check.check(List.of(card))).isEqualTo(LoginOutcome.GOOD);
            pki.suspend(card);
            assertThat(check.check(List.of(card))).isEqualTo(LoginOutcome.SUSPENDED);
            pki.reactivate(card);
            assertThat(check.check(List.of(card))).isEqualTo(LoginOutcome.GOOD);
            pki.revoke(card, CRLReason.KEY_COMPROMISE);
            assertThat(check.check(List.of(card))).isEqualTo(LoginOutcome.REVOKED);
        }
    }
}

package io.github.eid4j.card.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.card.luxembourg.LuxembourgVirtualCard;
import io.github.eid4j.apdu.emulator.VirtualCardProfile;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CAs of a home's test PKI answer for the certificates of its virtual cards as a relying party
 * asks them: the JDK's own PKIX validator (an implementation nobody here wrote) follows the
 * certificates' authorityInfoAccess to the OCSP responder, or their CRL distribution point to the
 * CRL, and sees each status change at once.
 */
class StatusResponderTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    enum Kind {
        FINEID_V4(new FineidVirtualCard.V4()), LUXEMBOURG(new LuxembourgVirtualCard());

        final VirtualCardProfile profile;

        Kind(VirtualCardProfile profile) {
            this.profile = profile;
        }
    }

    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void ocspAnswersGoodThenSuspendedThenGoodAgainThenRevokedForGood(Kind kind) throws Exception {
        TestPkiHome pki = homeWithCard(kind);
        X509Certificate signature = pki.certificate("card", KeyPurpose.SIGNATURE);
        assertThat(signature.getExtensionValue("1.3.6.1.5.5.7.1.1")).as("authorityInfoAccess").isNotNull();
        try (StatusResponder responder = StatusResponder.start(pki)) {
            assertThat(validate(pki, signature, false)).isNull();

            pki.suspend(signature);
            CertificateRevokedException suspended = validate(pki, signature, false);
            assertThat(suspended.getRevocationReason()).isEqualTo(CRLReason.CERTIFICATE_HOLD);
            assertThat(suspended.getRevocationDate().toInstant()).isEqualTo(pki.state(signature).since());

            pki.reactivate(signature);
            assertThat(validate(pki, signature, false)).isNull();

            pki.revoke(signature, CRLReason.KEY_COMPROMISE);
            assertThat(validate(pki, signature, false).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
            assertThatThrownBy(() -> pki.reactivate(signature))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("revocation is final");
            assertThat(validate(pki, pki.certificate("card", KeyPurpose.AUTHENTICATION), false))
                    .as("the other certificate of the card").isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theCrlListsASuspendedCertificateAndNoLongerAReactivatedOne(Kind kind) throws Exception {
        TestPkiHome pki = homeWithCard(kind);
        X509Certificate authentication = pki.certificate("card", KeyPurpose.AUTHENTICATION);
        try (StatusResponder responder = StatusResponder.start(pki)) {
            pki.suspend(authentication);
            assertThat(validate(pki, authentication, true).getRevocationReason()).isEqualTo(CRLReason.CERTIFICATE_HOLD);
            pki.reactivate(authentication);
            // The JDK keeps a CRL fetched by URI for 30 s, so the reactivation is read from a fresh fetch of our own.
            assertThat(new CrlPublisher(pki).crl(kind == Kind.FINEID_V4 ? TestIssuer.FINEID_V4 : TestIssuer.LUXEMBOURG))
                    .satisfies(crl -> assertThat(((java.security.cert.X509CRL) CertificateFactory.getInstance("X.509")
                            .generateCRL(new java.io.ByteArrayInputStream(crl))).getRevokedCertificate(authentication)).isNull());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void withoutTheResponderTheStatusCannotBeLearnt(Kind kind) throws Exception {
        TestPkiHome pki = homeWithCard(kind);
        X509Certificate signature = pki.certificate("card", KeyPurpose.SIGNATURE);
        assertThatThrownBy(() -> validate(pki, signature, false))
                .isInstanceOf(CertPathValidatorException.class)
                .satisfies(e -> assertThat(((CertPathValidatorException) e).getReason())
                        .isEqualTo(CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS));
    }

    /** A home whose PKI answers on a free port, with an activated card "card" of {@code kind}. */
    private TestPkiHome homeWithCard(Kind kind) throws IOException {
        TestPkiHome pki = TestPkiHome.of(home, freePort());
        kind.profile.personalise("card", home, true, RANDOM);
        return pki;
    }

    /** The revocation the JDK's PKIX validation found, or null if the path validated. */
    private static CertificateRevokedException validate(TestPkiHome pki, X509Certificate certificate, boolean crlOnly)
            throws Exception {
        System.setProperty("com.sun.security.enableCRLDP", "true");
        CertPathValidator validator = CertPathValidator.getInstance("PKIX");
        PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
        // The test CAs' own certificates name no status service: only the card's certificate is checked.
        checker.setOptions(crlOnly ? EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK)
                : EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY, PKIXRevocationChecker.Option.NO_FALLBACK));
        X509Certificate root = pki.rootCertificates().stream()
                .filter(r -> r.getSubjectX500Principal().equals(issuerOf(pki, certificate).getIssuerX500Principal()))
                .findFirst().orElseThrow();
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.addCertPathChecker(checker);
        try {
            validator.validate(CertificateFactory.getInstance("X.509")
                    .generateCertPath(List.of(certificate, issuerOf(pki, certificate))), parameters);
            return null;
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return (CertificateRevokedException) e.getCause();
            }
            throw e;
        }
    }

    private static X509Certificate issuerOf(TestPkiHome pki, X509Certificate certificate) {
        for (TestIssuer issuer : TestIssuer.values()) {
            var ca = pki.issuingAuthority(issuer);
            if (ca.isPresent() && ca.get().certificate().getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                return ca.get().certificate();
            }
        }
        throw new AssertionError("no issuer for " + certificate.getSubjectX500Principal());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.jca.TestCards;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CRLReason;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The way docs/jca.md gives to check the chain and revocation of a card's certificate: the
 * certificates from the Eid4j key store, the JDK's PKIX CertPathValidator with its
 * PKIXRevocationChecker (OCSP first, the CRL as fallback), the relying party's own root as trust
 * anchor. The live test PKI suspends, reactivates and revokes; the card signs whatever the status.
 */
class PkixRevocationIT {
    @BeforeAll
    static void crlDistributionPoints() {
        // Without it the JDK never fetches the CRL a certificate names (docs/jca.md says so).
        System.setProperty("com.sun.security.enableCRLDP", "true");
    }

    @ParameterizedTest
    @ValueSource(strings = {TestCards.V4, TestCards.LUXEMBOURG})
    void thePkixValidatorSeesSuspensionReactivationAndRevocation(String profile) throws Exception {
        try (LivePki live = LivePki.start(profile)) {
            KeyStore card = live.keyStore;
            Set<TrustAnchor> anchors = new HashSet<>();
            live.pki.rootCertificates().forEach(root -> anchors.add(new TrustAnchor(root, null)));
            X509Certificate signature = (X509Certificate) card.getCertificate("signature");

            assertThat(revocation(card, anchors, false)).as("a new card's certificate").isNull();

            live.pki.suspend(signature);
            CertificateRevokedException suspended = revocation(card, anchors, false);
            assertThat(suspended.getRevocationReason()).isEqualTo(CRLReason.CERTIFICATE_HOLD);
            assertThat(suspended.getRevocationDate().toInstant()).isEqualTo(live.pki.state(signature).since());
            assertThat(revocation(card, anchors, true).getRevocationReason()).as("from the CRL").isEqualTo(CRLReason.CERTIFICATE_HOLD);

            live.pki.reactivate(signature);
            assertThat(revocation(card, anchors, false)).as("reactivated").isNull();

            live.pki.revoke(signature, CRLReason.KEY_COMPROMISE);
            assertThat(revocation(card, anchors, false).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);

            // The card itself is not revoked: its key signs as before.
            byte[] document = "Revoked, and still a card.".getBytes(StandardCharsets.UTF_8);
            PrivateKey key = (PrivateKey) card.getKey("signature", null);
            String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            Signature signer = Signature.getInstance(algorithm, live.provider);
            signer.initSign(key);
            signer.update(document);
            byte[] signed = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(signature.getPublicKey());
            verifier.update(document);
            assertThat(verifier.verify(signed)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TestCards.V4})
    void withTheCaOfflineTheStatusIsUndetermined(String profile) throws Exception {
        try (LivePki live = LivePki.start(profile)) {
            live.responder.close();
            Set<TrustAnchor> anchors = new HashSet<>();
            live.pki.rootCertificates().forEach(root -> anchors.add(new TrustAnchor(root, null)));
            assertThatThrownBy(() -> revocation(live.keyStore, anchors, false))
                    .isInstanceOfSatisfying(CertPathValidatorException.class,
                            e -> assertThat(e.getReason()).isEqualTo(BasicReason.UNDETERMINED_REVOCATION_STATUS));
        }
    }

    /** The revocation PKIX finds for the signature certificate's path from the card, or null when it validates. */
    private static CertificateRevokedException revocation(KeyStore card, Set<TrustAnchor> anchors, boolean crlOnly) throws Exception {
        List<Certificate> chain = Arrays.asList(card.getCertificateChain("signature"));
        // The path ends below the trust anchor: the root the relying party trusts is its own copy, not the card's.
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, chain.size() - 1));
        CertPathValidator validator = CertPathValidator.getInstance("PKIX");
        PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
        checker.setOptions(crlOnly
                ? EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY, PKIXRevocationChecker.Option.PREFER_CRLS,
                        PKIXRevocationChecker.Option.NO_FALLBACK)
                : EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY));
        PKIXParameters parameters = new PKIXParameters(anchors);
        parameters.addCertPathChecker(checker);
        try {
            validator.validate(path, parameters);
            return null;
        } catch (CertPathValidatorException e) {
            if (e.getReason() == BasicReason.REVOKED) {
                return (CertificateRevokedException) e.getCause();
            }
            throw e;
        }
    }
}

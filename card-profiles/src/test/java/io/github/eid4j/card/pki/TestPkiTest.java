package io.github.eid4j.card.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.qualified.ETSIQCObjectIdentifiers;
import org.bouncycastle.asn1.x509.qualified.QCStatement;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TestPkiTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Citizen CITIZEN = Citizen.of("Väinö", "Specimen-Poitsu", "999198153").withEmail("vaino@example.fi");

    // Key pairs are slow (RSA above all), so each test class makes them once.
    private static TestPki pki;
    private static KeyPair rsa2048;
    private static KeyPair p256;
    private static KeyPair p384;

    @BeforeAll
    static void makeKeys() throws GeneralSecurityException {
        pki = TestPki.create(RANDOM, Clock.fixed(NOW, ZoneOffset.UTC));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048, RANDOM);
        rsa2048 = rsa.generateKeyPair();
        p256 = ec("secp256r1");
        p384 = ec("secp384r1");
    }

    private static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve), RANDOM);
        return generator.generateKeyPair();
    }

    static Stream<Arguments> subjectKeys() {
        return Stream.of(Arguments.of("RSA-2048", rsa2048.getPublic()), Arguments.of("P-256", p256.getPublic()),
                Arguments.of("P-384", p384.getPublic()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjectKeys")
    void bothCitizenCertificatesVerifyUpToTheRoot(String name, PublicKey key) throws GeneralSecurityException {
        X509Certificate authentication = pki.issueAuthentication(key, CITIZEN);
        X509Certificate signature = pki.issueQualifiedSignature(key, CITIZEN);

        PKIXCertPathValidatorResult result = validate(authentication, TestPkiOids.AUTHENTICATION_POLICY);
        validate(signature, TestPkiOids.QUALIFIED_SIGNATURE_POLICY);

        assertThat(result.getTrustAnchor().getTrustedCert()).isEqualTo(pki.rootCertificate());
        assertThat(authentication.getPublicKey()).isEqualTo(key);
        assertThat(authentication.getIssuerX500Principal()).isEqualTo(pki.issuingCertificate().getSubjectX500Principal());
    }

    @Test
    void casAreTestCasWithTheRightConstraints() throws Exception {
        X509Certificate root = pki.rootCertificate();
        X509Certificate issuing = pki.issuingCertificate();

        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=eid4j TEST Root CA,O=eid4j TEST,C=FI");
        assertThat(issuing.getSubjectX500Principal().getName())
                .isEqualTo("CN=eid4j TEST Citizen Certificates CA,O=eid4j TEST,C=FI");
        assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(issuing.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(pki.chain()).containsExactly(issuing, root);

        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(issuing.getBasicConstraints()).isZero();
        for (X509Certificate ca : List.of(root, issuing)) {
            assertThat(ca.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
            // keyCertSign (5) and cRLSign (6) only.
            assertThat(ca.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
            assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(policies(ca)).containsExactly("2.5.29.32.0");
            assertThat(ca.getSigAlgName()).isEqualTo("SHA384withECDSA");
            assertThat(ca.getNotBefore()).isEqualTo(Date.from(NOW.minus(Duration.ofDays(1))));
            assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).toDays())
                    .isBetween(3650L, 3653L);
        }
        root.verify(root.getPublicKey());
        issuing.verify(root.getPublicKey());
        assertThat(authorityKeyId(root)).isEqualTo(subjectKeyId(root));
        assertThat(authorityKeyId(issuing)).isEqualTo(subjectKeyId(root));
    }

    @Test
    void authenticationCertificateHasTheSpecifiedContent() throws Exception {
        X509Certificate rsaCertificate = pki.issueAuthentication(rsa2048.getPublic(), CITIZEN);
        X509Certificate ecCertificate = pki.issueAuthentication(p384.getPublic(), CITIZEN);

        // digitalSignature (0), keyEncipherment (2) and dataEncipherment (3) for RSA; digitalSignature and keyAgreement (4) for EC.
        assertThat(rsaCertificate.getKeyUsage()).containsExactly(true, false, true, true, false, false, false, false, false);
        assertThat(ecCertificate.getKeyUsage()).containsExactly(true, false, false, false, true, false, false, false, false);
        for (X509Certificate certificate : List.of(rsaCertificate, ecCertificate)) {
            assertThat(certificate.getCriticalExtensionOIDs()).contains(Extension.keyUsage.getId());
            assertThat(certificate.getExtendedKeyUsage()).as("DVV's have none").isNull();
            assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(1, "vaino@example.fi"));
            assertThat(policies(certificate)).containsExactly(TestPkiOids.AUTHENTICATION_POLICY);
            assertThat(certificate.getExtensionValue(Extension.qCStatements.getId())).isNull();
            assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
            assertThat(certificate.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId());
            assertCitizenSubject(certificate);
            assertIssuerLocations(certificate);
            assertThat(authorityKeyId(certificate)).isEqualTo(subjectKeyId(pki.issuingCertificate()));
            assertThat(subjectKeyId(certificate)).isNotEmpty();
            assertThat(certificate.getNotBefore()).isEqualTo(Date.from(NOW.minus(Duration.ofDays(1))));
            assertThat(certificate.getNotAfter()).isBefore(pki.issuingCertificate().getNotAfter());
        }
    }

    @Test
    void qualifiedSignatureCertificateHasTheSpecifiedContent() throws Exception {
        X509Certificate certificate = pki.issueQualifiedSignature(p384.getPublic(), CITIZEN);

        assertThat(certificate.getKeyUsage()).containsExactly(false, true, false, false, false, false, false, false, false);
        assertThat(certificate.getExtendedKeyUsage()).isNull();
        assertThat(policies(certificate)).containsExactly(TestPkiOids.QUALIFIED_SIGNATURE_POLICY);
        assertCitizenSubject(certificate);

        Extension extension = new X509CertificateHolder(certificate.getEncoded()).getExtension(Extension.qCStatements);
        assertThat(extension.isCritical()).isFalse();
        ASN1Sequence statements = ASN1Sequence.getInstance(extension.getParsedValue());
        List<QCStatement> parsed = Stream.of(statements.toArray()).map(QCStatement::getInstance).toList();
        assertThat(parsed).extracting(statement -> statement.getStatementId().getId())
                .containsExactly("0.4.0.1862.1.1", "0.4.0.1862.1.4", "0.4.0.1862.1.6");
        assertThat(parsed.get(0).getStatementInfo()).isNull();
        assertThat(parsed.get(1).getStatementInfo()).isNull();
        ASN1Sequence qcTypes = ASN1Sequence.getInstance(parsed.get(2).getStatementInfo());
        assertThat(qcTypes.toArray()).containsExactly(ETSIQCObjectIdentifiers.id_etsi_qct_esign);
        assertThat(ETSIQCObjectIdentifiers.id_etsi_qct_esign.getId()).isEqualTo("0.4.0.1862.1.6.1");
    }

    @Test
    void leavesOutTheSubjectAltNameWithoutAnEmail() throws Exception {
        Citizen noEmail = Citizen.test("Maija", "Meikäläinen", RANDOM);

        X509Certificate certificate = pki.issueAuthentication(p256.getPublic(), noEmail);

        assertThat(certificate.getSubjectAlternativeNames()).isNull();
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=Meikäläinen Maija " + noEmail.serialNumber());
    }

    @Test
    void issuesEachCertificateWithItsOwnSerialNumber() {
        assertThat(Set.of(pki.issueAuthentication(p256.getPublic(), CITIZEN).getSerialNumber(),
                pki.issueAuthentication(p256.getPublic(), CITIZEN).getSerialNumber(),
                pki.rootCertificate().getSerialNumber(), pki.issuingCertificate().getSerialNumber())).hasSize(4);
    }

    @Test
    void rejectsKeysACitizenCardCannotHave() throws GeneralSecurityException {
        PublicKey ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();

        assertThatThrownBy(() -> pki.issueAuthentication(ed25519, CITIZEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A citizen authentication key is RSA or EC, not EdDSA.");
        assertThatThrownBy(() -> pki.issueQualifiedSignature(ed25519, CITIZEN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testPkisAreIndependent() throws GeneralSecurityException {
        TestPki other = TestPki.create(RANDOM);
        X509Certificate foreign = other.issueAuthentication(p256.getPublic(), CITIZEN);

        assertThatThrownBy(() -> validate(foreign, TestPkiOids.AUTHENTICATION_POLICY)).isInstanceOf(java.security.cert.CertPathValidatorException.class);
        assertThat(other.rootCertificate().getNotBefore()).isBefore(new Date());
    }

    /** The shape of LuxTrust's PKI for the Luxembourg eID, as its TEST specimen card shows it (docs/luxembourg.md). */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class LuxTrustShaped {
        private TestPki luxTrust;
        private Citizen citizen;

        @BeforeAll
        void makePki() {
            luxTrust = TestPki.createLuxTrustShaped(RANDOM, Clock.fixed(NOW, ZoneOffset.UTC));
            citizen = luxTrust.testCitizen("Anna", "Specimen");
        }

        @Test
        void casAreRsaAndNamedLikeLuxTrustsButTest() throws Exception {
            assertThat(luxTrust.rootCertificate().getSubjectX500Principal().getName())
                    .isEqualTo("CN=eid4j TEST Global Root 2,O=eid4j TEST,C=LU");
            assertThat(luxTrust.issuingCertificate().getSubjectX500Principal().getName())
                    .isEqualTo("CN=eid4j TEST Global Qualified CA 3,O=eid4j TEST,C=LU");
            for (X509Certificate ca : luxTrust.chain()) {
                assertThat(ca.getSigAlgName()).isEqualTo("SHA256withRSA");
                assertThat(((java.security.interfaces.RSAPublicKey) ca.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
            }
            assertThat(luxTrust.issuingCertificate().getBasicConstraints()).isZero();
        }

        @Test
        void citizenSubjectHasLuxTrustsAttributes() {
            X509Certificate certificate = luxTrust.issueAuthentication(rsa2048.getPublic(), citizen);
            X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());

            assertThat(subject.getRDNs()).extracting(rdn -> rdn.getFirst().getType()).containsExactly(
                    BCStyle.C, BCStyle.CN, BCStyle.SURNAME, BCStyle.GIVENNAME, BCStyle.SERIALNUMBER, BCStyle.T);
            assertThat(value(subject, BCStyle.CN)).isEqualTo("Anna Specimen");
            assertThat(value(subject, BCStyle.T)).isEqualTo("Private Person");
            assertThat(citizen.serialNumber()).matches("999[0-9]{17}");
        }

        @Test
        void authenticationCertificateIsForTlsWithoutExtendedKeyUsage() throws Exception {
            X509Certificate certificate = luxTrust.issueAuthentication(rsa2048.getPublic(), citizen);

            validate(luxTrust, certificate, LuxTrustShape.NCP_PLUS);
            validate(luxTrust, certificate, TestPkiOids.AUTHENTICATION_POLICY);
            assertThat(certificate.getKeyUsage()).containsExactly(true, false, true, false, false, false, false, false, false);
            assertThat(certificate.getCriticalExtensionOIDs()).contains(Extension.keyUsage.getId());
            assertThat(certificate.getExtendedKeyUsage()).isNull();
            assertThat(policies(certificate)).containsExactly(TestPkiOids.AUTHENTICATION_POLICY, "0.4.0.2042.1.2");
            assertThat(qcStatements(certificate)).extracting(statement -> statement.getStatementId().getId())
                    .containsExactly("0.4.0.1862.1.4");
            assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
            assertThat(Period.between(NOW.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC).toLocalDate(),
                    certificate.getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate())).isEqualTo(Period.of(5, 1, 0));
        }

        @Test
        void signatureCertificateIsQualifiedWithADisclosureStatement() throws Exception {
            X509Certificate certificate = luxTrust.issueQualifiedSignature(rsa2048.getPublic(), citizen);

            validate(luxTrust, certificate, LuxTrustShape.QCP_N_QSCD);
            assertThat(certificate.getKeyUsage()).containsExactly(false, true, false, false, false, false, false, false, false);
            assertThat(certificate.getExtendedKeyUsage()).isNull();
            assertThat(policies(certificate)).containsExactly(TestPkiOids.QUALIFIED_SIGNATURE_POLICY, "0.4.0.194112.1.2");
            List<QCStatement> statements = qcStatements(certificate);
            assertThat(statements).extracting(statement -> statement.getStatementId().getId())
                    .containsExactly("0.4.0.1862.1.1", "0.4.0.1862.1.4", "0.4.0.1862.1.5", "0.4.0.1862.1.6");
            ASN1Sequence location = ASN1Sequence.getInstance(ASN1Sequence.getInstance(statements.get(2).getStatementInfo()).getObjectAt(0));
            assertThat(IETFUtils.valueToString(location.getObjectAt(0))).endsWith(".invalid/TEST-PDS.pdf");
            assertThat(IETFUtils.valueToString(location.getObjectAt(1))).isEqualTo("EN");
        }

        private List<QCStatement> qcStatements(X509Certificate certificate) throws Exception {
            Extension extension = new X509CertificateHolder(certificate.getEncoded()).getExtension(Extension.qCStatements);
            assertThat(extension.isCritical()).isFalse();
            return Stream.of(ASN1Sequence.getInstance(extension.getParsedValue()).toArray()).map(QCStatement::getInstance).toList();
        }
    }

    private static void assertCitizenSubject(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        assertThat(value(subject, BCStyle.SERIALNUMBER)).isEqualTo("999198153");
        assertThat(value(subject, BCStyle.GIVENNAME)).isEqualTo("Väinö");
        assertThat(value(subject, BCStyle.SURNAME)).isEqualTo("Specimen-Poitsu");
        assertThat(value(subject, BCStyle.CN)).isEqualTo("Specimen-Poitsu Väinö 999198153");
        assertThat(value(subject, BCStyle.C)).isEqualTo("FI");
        // DVV's order from the root: C, SERIALNUMBER, GIVENNAME, SURNAME, CN (so CN first in RFC 4514 text).
        assertThat(Stream.of(subject.getRDNs()).map(rdn -> rdn.getFirst().getType()))
                .containsExactly(BCStyle.C, BCStyle.SERIALNUMBER, BCStyle.GIVENNAME, BCStyle.SURNAME, BCStyle.CN);
        assertThat(certificate.getSubjectX500Principal().getName()).startsWith("CN=Specimen-Poitsu Väinö 999198153,");
    }

    /** The CRL, the issuer's certificate and the OCSP responder, as DVV's certificates name theirs. */
    private static void assertIssuerLocations(X509Certificate certificate) throws Exception {
        Extensions extensions = new X509CertificateHolder(certificate.getEncoded()).getExtensions();
        DistributionPoint[] points = CRLDistPoint.fromExtensions(extensions).getDistributionPoints();
        assertThat(points).hasSize(1);
        assertThat(GeneralNames.getInstance(points[0].getDistributionPoint().getName()).getNames()[0].getName().toString())
                .isEqualTo(TestPki.LOCATIONS.crl());
        AccessDescription[] access = AuthorityInformationAccess.fromExtensions(extensions).getAccessDescriptions();
        assertThat(access).extracting(a -> a.getAccessMethod().getId() + " " + a.getAccessLocation().getName())
                .containsExactly("1.3.6.1.5.5.7.48.2 " + TestPki.LOCATIONS.caIssuers(), "1.3.6.1.5.5.7.48.1 " + TestPki.LOCATIONS.ocsp());
    }

    private static String value(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        assertThat(rdns).as("%s in %s", type, name).hasSize(1);
        return IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    private static List<String> policies(X509Certificate certificate) throws Exception {
        CertificatePolicies policies = CertificatePolicies.fromExtensions(
                new X509CertificateHolder(certificate.getEncoded()).getExtensions());
        return Stream.of(policies.getPolicyInformation()).map(PolicyInformation::getPolicyIdentifier)
                .map(ASN1ObjectIdentifier::getId).toList();
    }

    private static byte[] subjectKeyId(X509Certificate certificate) throws Exception {
        return SubjectKeyIdentifier.fromExtensions(new X509CertificateHolder(certificate.getEncoded()).getExtensions())
                .getKeyIdentifier();
    }

    private static byte[] authorityKeyId(X509Certificate certificate) throws Exception {
        return AuthorityKeyIdentifier.fromExtensions(new X509CertificateHolder(certificate.getEncoded()).getExtensions())
                .getKeyIdentifierOctets();
    }

    private static PKIXCertPathValidatorResult validate(X509Certificate endEntity, String policy)
            throws GeneralSecurityException {
        return validate(pki, endEntity, policy);
    }

    /** PKIX validation with the root as the only anchor, no revocation, and the policy required. */
    private static PKIXCertPathValidatorResult validate(TestPki issuer, X509Certificate endEntity, String policy)
            throws GeneralSecurityException {
        CertPath path = CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(endEntity, issuer.issuingCertificate()));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(issuer.rootCertificate(), null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(NOW));
        parameters.setExplicitPolicyRequired(true);
        parameters.setInitialPolicies(Set.of(policy));
        return (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }
}

package io.github.eid4j.card.pki;

import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierId;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.UserNotice;

/**
 * The extensions of the two certificates a FINEID card carries, in the order and with the
 * criticality of DVV's citizen certificates (the specimen cards' certificates in
 * libelectronic-id's recordings, docs/recordings.md): after the key identifiers, keyUsage
 * (critical), certificatePolicies (a CPS URI and a user notice), subjectAltName (the e-mail
 * address, when the citizen has one), basicConstraints CA:FALSE (critical),
 * cRLDistributionPoints, authorityInfoAccess (caIssuers and OCSP) and, on the qualified
 * signature certificate, the QC statements. No extendedKeyUsage: DVV's have none.
 *
 * <p>Authentication: keyUsage digitalSignature plus, for RSA keys, keyEncipherment and
 * dataEncipherment (DVV's v3 card) or, for EC keys, keyAgreement (its v4 card). Qualified
 * signature: keyUsage nonRepudiation (contentCommitment) only, and the QC statements of an EU
 * qualified certificate on a QSCD.
 *
 * <p>The policy OIDs are made up (see {@link TestPkiOids}), and the user notice says in words
 * that the certificate is for tests.
 */
final class CitizenCertificateProfile {
    private static final String TEST_NOTICE = "eid4j TEST certificate: not valid for any real identification or signature.";
    private static final String TEST_CPS = "http://ca.eid4j.test/cps/";

    private CitizenCertificateProfile() {
    }

    static List<Extension> authentication(PublicKey key, Citizen citizen, IssuerLocations issuer) {
        int usage = authenticationKeyUsage(key);
        if ("RSA".equals(key.getAlgorithm())) {
            // DVV's v3 card adds it; LuxTrust's RSA card does not.
            usage |= KeyUsage.dataEncipherment;
        }
        return extensions(usage, TestPkiOids.AUTHENTICATION_POLICY, citizen, issuer, Optional.empty());
    }

    static List<Extension> qualifiedSignature(PublicKey key, Citizen citizen, IssuerLocations issuer) {
        requireSignatureKey(key);
        return extensions(KeyUsage.nonRepudiation, TestPkiOids.QUALIFIED_SIGNATURE_POLICY, citizen, issuer,
                Optional.of(QcStatements.forQualifiedSignature()));
    }

    private static List<Extension> extensions(int usage, String policy, Citizen citizen, IssuerLocations issuer,
            Optional<Extension> qcStatements) {
        List<Extension> extensions = new ArrayList<>();
        extensions.add(extension(Extension.keyUsage, true, new KeyUsage(usage)));
        extensions.add(policyWithCps(policy));
        email(citizen).ifPresent(extensions::add);
        extensions.add(extension(Extension.basicConstraints, true, new BasicConstraints(false)));
        extensions.addAll(statusLocations(issuer));
        qcStatements.ifPresent(extensions::add);
        return extensions;
    }

    /** cRLDistributionPoints and authorityInfoAccess (caIssuers, then OCSP), as DVV and LuxTrust write them. */
    static List<Extension> statusLocations(IssuerLocations issuer) {
        return List.of(
                extension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(uri(issuer.crl())), null, null)})),
                extension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
                    new AccessDescription(AccessDescription.id_ad_caIssuers, new GeneralName(GeneralName.uniformResourceIdentifier,
                            issuer.caIssuers())),
                    new AccessDescription(AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier,
                            issuer.ocsp()))})));
    }

    private static GeneralNames uri(String uri) {
        return new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
    }

    /** DVV's certificatePolicies: one policy, qualified by a CPS URI and a user notice. */
    private static Extension policyWithCps(String oid) {
        PolicyInformation information = new PolicyInformation(new ASN1ObjectIdentifier(oid), new DERSequence(
                new ASN1Encodable[] {new PolicyQualifierInfo(TEST_CPS), testNotice()}));
        return extension(Extension.certificatePolicies, false, new CertificatePolicies(information));
    }

    /**
     * certificatePolicies: the TEST policy that stands for the issuer's own, with its user notice,
     * then standard (ETSI) policies the issuer also names, without qualifiers.
     */
    static Extension policies(String testOid, String... standardOids) {
        PolicyInformation[] information = new PolicyInformation[1 + standardOids.length];
        information[0] = new PolicyInformation(new ASN1ObjectIdentifier(testOid), new DERSequence(testNotice()));
        for (int i = 0; i < standardOids.length; i++) {
            information[1 + i] = new PolicyInformation(new ASN1ObjectIdentifier(standardOids[i]));
        }
        return extension(Extension.certificatePolicies, false, new CertificatePolicies(information));
    }

    private static PolicyQualifierInfo testNotice() {
        return new PolicyQualifierInfo(PolicyQualifierId.id_qt_unotice, new UserNotice(null, TEST_NOTICE));
    }

    /** keyUsage of an authentication key: it signs, and RSA keys decrypt while EC keys agree on keys. */
    static int authenticationKeyUsage(PublicKey key) {
        switch (key.getAlgorithm()) {
            case "RSA":
                return KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
            case "EC":
                return KeyUsage.digitalSignature | KeyUsage.keyAgreement;
            default:
                throw new IllegalArgumentException("A citizen authentication key is RSA or EC, not "
                        + key.getAlgorithm() + ".");
        }
    }

    static void requireSignatureKey(PublicKey key) {
        if (!"RSA".equals(key.getAlgorithm()) && !"EC".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("A citizen signature key is RSA or EC, not " + key.getAlgorithm() + ".");
        }
    }

    private static Optional<Extension> email(Citizen citizen) {
        return citizen.email().map(address -> extension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, address))));
    }

    static Extension extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return new Extension(oid, critical, value.toASN1Primitive().getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("The " + oid + " extension could not be encoded: " + e.getMessage(), e);
        }
    }
}

package io.github.eid4j.card.pki;

import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierId;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.UserNotice;

/**
 * The extensions of the two certificates a FINEID card carries, modelled on DVV's citizen
 * certificates.
 *
 * <p>Authentication: keyUsage digitalSignature plus, for RSA keys, keyEncipherment (the key
 * decrypts TLS/e-mail session keys) or, for EC keys, keyAgreement (an EC key cannot be
 * "enciphered to"; it agrees on session keys with ECDH instead). DVV's RSA (FINEID v3) card has
 * digitalSignature, keyEncipherment and dataEncipherment; its EC (v4) card has digitalSignature
 * and keyAgreement; dataEncipherment is left out because nothing encrypts data directly to a
 * citizen key. extendedKeyUsage clientAuth and emailProtection, as DVV's.
 *
 * <p>Qualified signature: keyUsage nonRepudiation (contentCommitment) only, and the QC statements
 * of an EU qualified certificate on a QSCD.
 *
 * <p>Both: certificatePolicies with a made-up TEST policy (see {@link TestPkiOids}) whose user
 * notice says in words that the certificate is for tests, and a subjectAltName rfc822Name when
 * the citizen has an e-mail address (DVV puts the address in both certificates).
 */
final class CitizenCertificateProfile {
    private static final String TEST_NOTICE = "eid4j TEST certificate: not valid for any real identification or signature.";

    private CitizenCertificateProfile() {
    }

    static List<Extension> authentication(PublicKey key, Citizen citizen) {
        List<Extension> extensions = new ArrayList<>();
        extensions.add(extension(Extension.keyUsage, true, new KeyUsage(authenticationKeyUsage(key))));
        extensions.add(extension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
            KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_emailProtection})));
        extensions.add(policies(TestPkiOids.AUTHENTICATION_POLICY));
        email(citizen).ifPresent(extensions::add);
        return extensions;
    }

    static List<Extension> qualifiedSignature(PublicKey key, Citizen citizen) {
        requireSignatureKey(key);
        List<Extension> extensions = new ArrayList<>();
        extensions.add(extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.nonRepudiation)));
        extensions.add(policies(TestPkiOids.QUALIFIED_SIGNATURE_POLICY));
        extensions.add(QcStatements.forQualifiedSignature());
        email(citizen).ifPresent(extensions::add);
        return extensions;
    }

    /**
     * certificatePolicies: the TEST policy that stands for the issuer's own, with its user notice,
     * then standard (ETSI) policies the issuer also names, without qualifiers.
     */
    static Extension policies(String testOid, String... standardOids) {
        PolicyQualifierInfo notice = new PolicyQualifierInfo(PolicyQualifierId.id_qt_unotice,
                new UserNotice(null, TEST_NOTICE));
        PolicyInformation[] information = new PolicyInformation[1 + standardOids.length];
        information[0] = new PolicyInformation(new ASN1ObjectIdentifier(testOid), new DERSequence(notice));
        for (int i = 0; i < standardOids.length; i++) {
            information[1 + i] = new PolicyInformation(new ASN1ObjectIdentifier(standardOids[i]));
        }
        return extension(Extension.certificatePolicies, false, new CertificatePolicies(information));
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

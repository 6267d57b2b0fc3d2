package io.github.eid4j.card.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * One CA of the test PKI: its key pair ({@link CaKey}) and certificate, and the signing of the
 * certificates it issues. CA certificates carry basicConstraints and keyUsage (both critical) and
 * certificatePolicies anyPolicy. Every certificate it issues gets an authority key identifier (this CA's
 * key) and a subject key identifier (the subject's key), both RFC 5280 method 1 (SHA-1 of the
 * public key bits), so that path builders can match issuer and subject by key.
 */
final class CertificateAuthority {
    private static final int SERIAL_BYTES = 16;
    private static final ASN1ObjectIdentifier ANY_POLICY = new ASN1ObjectIdentifier("2.5.29.32.0");

    private final X500Name name;
    private final CaKey keyType;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final SecureRandom random;

    private CertificateAuthority(X500Name name, CaKey keyType, KeyPair keyPair, X509Certificate certificate, SecureRandom random) {
        this.name = name;
        this.keyType = keyType;
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.random = random;
    }

    /** A self-signed root CA. */
    static CertificateAuthority root(X500Name name, CaKey keyType, Instant notBefore, Instant notAfter, SecureRandom random) {
        KeyPair keyPair = keyType.generate(random);
        X509Certificate certificate = sign(name, keyType, keyPair, name, keyPair.getPublic(), notBefore, notAfter,
                caExtensions(-1), random);
        return new CertificateAuthority(name, keyType, keyPair, certificate, random);
    }

    /**
     * A CA kept from an earlier run (its folder under {@link TestPkiHome}): its certificate and,
     * for one that still signs, its private key.
     */
    static CertificateAuthority kept(X509Certificate certificate, CaKey keyType, PrivateKey privateKey, SecureRandom random) {
        return new CertificateAuthority(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), keyType,
                new KeyPair(certificate.getPublicKey(), privateKey), certificate, random);
    }

    /** A CA certified by this one, which may itself certify only end entities (pathLen 0). */
    CertificateAuthority subordinate(X500Name subject, CaKey subordinateType, Instant notBefore, Instant notAfter) {
        KeyPair subordinateKeys = subordinateType.generate(random);
        X509Certificate subordinateCertificate = issue(subject, subordinateKeys.getPublic(), notBefore, notAfter,
                caExtensions(0));
        return new CertificateAuthority(subject, subordinateType, subordinateKeys, subordinateCertificate, random);
    }

    /** A certificate for {@code key}, with the given extensions plus AKI and SKI. */
    X509Certificate issue(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter,
            List<Extension> extensions) {
        return sign(name, keyType, keyPair, subject, key, notBefore, notAfter, extensions, random);
    }

    X509Certificate certificate() {
        return certificate;
    }

    X500Name name() {
        return name;
    }

    PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /** A signer with this CA's key, for its CRLs and OCSP responses. */
    ContentSigner signer() {
        try {
            return new JcaContentSignerBuilder(keyType.signatureAlgorithm()).setSecureRandom(random).build(keyPair.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("The test CA " + name + " cannot sign: " + e.getMessage(), e);
        }
    }

    Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    private static List<Extension> caExtensions(int pathLength) {
        try {
            BasicConstraints constraints = pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength);
            // anyPolicy, so that the citizen certificates' policies survive RFC 5280 path
            // validation (a CA without policies would empty the valid policy tree).
            CertificatePolicies anyPolicy = new CertificatePolicies(new PolicyInformation(ANY_POLICY));
            return List.of(
                    new Extension(Extension.basicConstraints, true, constraints.getEncoded()),
                    new Extension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).getEncoded()),
                    new Extension(Extension.certificatePolicies, false, anyPolicy.getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException("A CA extension could not be encoded: " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X500Name issuer, CaKey issuerType, KeyPair issuerKeys, X500Name subject, PublicKey subjectKey,
            Instant notBefore, Instant notAfter, List<Extension> extensions, SecureRandom random) {
        try {
            JcaX509ExtensionUtils keyIdentifiers = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serialNumber(random),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    keyIdentifiers.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    keyIdentifiers.createSubjectKeyIdentifier(subjectKey));
            for (Extension extension : extensions) {
                builder.addExtension(extension);
            }
            ContentSigner signer = issuerType.asIssuerWritesIt(new JcaContentSignerBuilder(issuerType.signatureAlgorithm())
                    .setSecureRandom(random)
                    .build(issuerKeys.getPrivate()));
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("The test certificate for " + subject + " could not be made: "
                    + e.getMessage(), e);
        }
    }

    // Positive, at most 20 octets (RFC 5280 §4.1.2.2), and random so that no two collide.
    private static BigInteger serialNumber(SecureRandom random) {
        byte[] bytes = new byte[SERIAL_BYTES];
        random.nextBytes(bytes);
        return new BigInteger(1, bytes).setBit(0);
    }
}

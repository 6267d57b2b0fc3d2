package io.github.eid4j.card.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * The CRLs of a home's test CAs (RFC 5280 §5): a full CRL made at each request, signed by the
 * issuing CA, valid for {@link #VALIDITY}, listing the suspended certificates (reason
 * certificateHold) and the revoked ones (their reason). A reactivated certificate is simply no
 * longer listed: RFC 5280's removeFromCRL belongs to delta CRLs, which these CAs do not publish.
 * The CRL number is the time it was made, in seconds, so that it grows.
 */
final class CrlPublisher {
    /** Short, so that a relying party that caches the CRL until nextUpdate sees a change soon. */
    static final Duration VALIDITY = Duration.ofHours(1);

    private final TestPkiHome pki;

    CrlPublisher(TestPkiHome pki) {
        this.pki = pki;
    }

    /** The DER CRL of {@code issuer}, or null if that CA has not been made here. */
    byte[] crl(TestIssuer issuer) {
        CertificateAuthority ca = pki.issuingAuthority(issuer).orElse(null);
        if (ca == null) {
            return null;
        }
        Instant now = pki.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(ca.name(), Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(VALIDITY)));
        for (Map.Entry<BigInteger, CertificateState> entry : pki.states(issuer).entrySet()) {
            builder.addCRLEntry(entry.getKey(), Date.from(entry.getValue().since()), entry.getValue().reason().ordinal());
        }
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.getEpochSecond())));
            return builder.build(ca.signer()).getEncoded();
        } catch (IOException | CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("The CRL of the test CA " + issuer.id() + " could not be made: " + e.getMessage(), e);
        }
    }
}

package io.github.eid4j.jca;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Orders a card's certificates into a chain: each next certificate is the issuer of the one before. */
final class CertificateChains {
    private CertificateChains() {
    }

    /**
     * The end-entity certificate followed by its issuers among {@code cas}, up to a self-issued
     * one or the first issuer the card does not hold. A candidate must carry the issuer's name
     * and have made the signature: a renewed CA with the same name but another key is skipped.
     */
    static X509Certificate[] build(X509Certificate endEntity, List<X509Certificate> cas) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(endEntity);
        X509Certificate last = endEntity;
        while (!selfIssued(last)) {
            X509Certificate issuer = issuerOf(last, cas, chain);
            if (issuer == null) {
                break;
            }
            chain.add(issuer);
            last = issuer;
        }
        return chain.toArray(new X509Certificate[0]);
    }

    private static X509Certificate issuerOf(X509Certificate certificate, List<X509Certificate> cas, List<X509Certificate> taken) {
        for (X509Certificate ca : cas) {
            if (!taken.contains(ca) && ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()) && signed(certificate, ca)) {
                return ca;
            }
        }
        return null;
    }

    private static boolean signed(X509Certificate certificate, X509Certificate ca) {
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean selfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }
}

package io.github.eid4j.cli.login;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRLReason;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Judges the certificate chain a client sent with the JDK's PKIX validator: a path from the
 * holder's certificate to one of the configured CAs (each a trust anchor), through the CA
 * certificates the client sent, then the validator's verdict, revocation included
 * ({@link RevocationSettings}: OCSP from the certificate's authorityInfoAccess, the CRL of its
 * distribution points when OCSP gives no answer) of the holder's certificate: that is the one a
 * citizen has suspended or revoked; the CAs' own standing is the service's configuration.
 */
final class CertificateCheck {
    /** No real chain is longer; a client's long list of certificates is not worth a search. */
    private static final int MAX_PATH = 6;

    private final List<X509Certificate> cas;
    private final Set<TrustAnchor> anchors = new HashSet<>();
    private final boolean revocation;
    private final Clock clock;

    CertificateCheck(List<X509Certificate> cas, boolean revocation, Clock clock) {
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("The login service needs at least one CA certificate to accept.");
        }
        this.cas = List.copyOf(cas);
        this.cas.forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
        this.revocation = revocation;
        this.clock = clock;
        if (revocation) {
            RevocationSettings.apply();
        }
    }

    /** @param sent the client's chain, its own certificate first; empty if it sent none */
    LoginOutcome check(List<X509Certificate> sent) {
        if (sent.isEmpty()) {
            return LoginOutcome.NO_CERTIFICATE;
        }
        Optional<List<X509Certificate>> path = pathToAnchor(sent);
        if (path.isEmpty()) {
            return LoginOutcome.UNKNOWN_ISSUER;
        }
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setDate(Date.from(clock.instant()));
            parameters.setRevocationEnabled(revocation);
            if (revocation) {
                // OCSP first, the CRL when OCSP gives no answer (the checker's default).
                PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
                checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY));
                parameters.addCertPathChecker(checker);
            }
            validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(path.get()), parameters);
            return LoginOutcome.GOOD;
        } catch (CertPathValidatorException e) {
            return outcome(e);
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("This JDK has no PKIX certificate path validator: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            return LoginOutcome.INVALID;
        }
    }

    private static LoginOutcome outcome(CertPathValidatorException e) {
        if (e.getReason() == BasicReason.EXPIRED) {
            return LoginOutcome.EXPIRED;
        } else if (e.getReason() == BasicReason.NOT_YET_VALID) {
            return LoginOutcome.NOT_YET_VALID;
        } else if (e.getReason() == BasicReason.REVOKED) {
            // RFC 5280: a suspension is a revocation with the reason certificateHold, which can be lifted.
            return e.getCause() instanceof CertificateRevokedException revoked
                    && revoked.getRevocationReason() == CRLReason.CERTIFICATE_HOLD ? LoginOutcome.SUSPENDED : LoginOutcome.REVOKED;
        } else if (e.getReason() == BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return LoginOutcome.STATUS_UNKNOWN;
        }
        return LoginOutcome.INVALID;
    }

    /**
     * The holder's certificate and the sent CA certificates up to, not including, a configured
     * CA that signed the last of them; each link checked by its signature, not only by names.
     */
    private Optional<List<X509Certificate>> pathToAnchor(List<X509Certificate> sent) {
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate current = sent.get(0);
        while (path.size() < MAX_PATH) {
            path.add(current);
            if (issuerAmong(current, cas).isPresent()) {
                return Optional.of(path);
            }
            List<X509Certificate> rest = new ArrayList<>(sent);
            rest.removeAll(path);
            Optional<X509Certificate> next = issuerAmong(current, rest);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
        }
        return Optional.empty();
    }

    private static Optional<X509Certificate> issuerAmong(X509Certificate certificate, List<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()) && signed(certificate, candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean signed(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

package io.github.eid4j.card.pki;

import java.security.cert.CRLReason;
import java.time.Instant;
import java.util.Objects;

/**
 * What a CA says of a certificate it issued: good, suspended (RFC 5280 certificateHold: it may
 * be reactivated) or revoked (for good), with the time it happened and, when revoked, the reason.
 *
 * @param kind good, suspended or revoked
 * @param since when it was suspended or revoked; null when good
 * @param reason {@link CRLReason#CERTIFICATE_HOLD} when suspended, the reason given when revoked; null when good
 */
public record CertificateState(Kind kind, Instant since, CRLReason reason) {
    /** The three answers a CA gives for a certificate it knows. */
    public enum Kind { GOOD, SUSPENDED, REVOKED }

    private static final CertificateState GOOD = new CertificateState(Kind.GOOD, null, null);

    public CertificateState {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.GOOD) != (since == null) || (kind == Kind.GOOD) != (reason == null)) {
            throw new IllegalArgumentException("A good certificate has no time or reason; a suspended or revoked one has both.");
        }
        if ((kind == Kind.SUSPENDED) != (reason == CRLReason.CERTIFICATE_HOLD)) {
            throw new IllegalArgumentException("certificateHold is the reason of a suspension, and of nothing else.");
        }
    }

    public static CertificateState good() {
        return GOOD;
    }

    public static CertificateState suspended(Instant since) {
        return new CertificateState(Kind.SUSPENDED, since, CRLReason.CERTIFICATE_HOLD);
    }

    /** @throws IllegalArgumentException for certificateHold (that is a suspension) and removeFromCRL (that is a reactivation) */
    public static CertificateState revoked(Instant since, CRLReason reason) {
        if (reason == CRLReason.REMOVE_FROM_CRL || reason == CRLReason.UNUSED) {
            throw new IllegalArgumentException(reason + " is not a reason to revoke a certificate.");
        }
        return new CertificateState(Kind.REVOKED, since, reason);
    }
}

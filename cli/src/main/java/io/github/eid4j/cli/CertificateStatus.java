package io.github.eid4j.cli;

import io.github.eid4j.card.pki.CertificateState;
import java.security.cert.CRLReason;
import java.time.Instant;
import java.util.Locale;

/**
 * What {@code eid} says of a certificate's status: what its CA answered (good, suspended,
 * revoked), what its own dates say (expired, not yet valid), or why nobody could say.
 *
 * @param kind which of those
 * @param since when it was suspended or revoked, or the date it expired or becomes valid; else null
 * @param reason the reason of a revocation; else null
 * @param detail where the answer came from (OCSP, CRL), or why the status is unknown
 */
record CertificateStatus(Kind kind, Instant since, CRLReason reason, String detail) {
    enum Kind { GOOD, SUSPENDED, REVOKED, EXPIRED, NOT_YET_VALID, UNKNOWN_OFFLINE, UNKNOWN, NOT_PUBLISHED }

    static CertificateStatus answered(CRLReason reason, Instant since, String source) {
        if (reason == null) {
            return new CertificateStatus(Kind.GOOD, null, null, source);
        }
        return reason == CRLReason.CERTIFICATE_HOLD ? new CertificateStatus(Kind.SUSPENDED, since, null, source)
                : new CertificateStatus(Kind.REVOKED, since, reason, source);
    }

    /** The status a test CA keeps, as eid says it. */
    static CertificateStatus of(CertificateState state) {
        return answered(state.reason(), state.since(), null);
    }

    static CertificateStatus unknown(Kind kind, String why) {
        return new CertificateStatus(kind, null, null, why);
    }

    /** In words: "suspended since 2026-12-07T10:00:00Z", "revoked since ... (key compromise)", "unknown because offline (...)". */
    String describe() {
        String source = detail == null ? "" : " (" + detail + ")";
        return switch (kind) {
            case GOOD -> "good" + source;
            case SUSPENDED -> "suspended since " + since + source;
            case REVOKED -> "revoked since " + since + ", reason: " + words(reason) + source;
            case EXPIRED -> "expired since " + since;
            case NOT_YET_VALID -> "not yet valid, valid from " + since;
            case UNKNOWN_OFFLINE -> "unknown because offline" + source;
            case UNKNOWN -> "unknown" + source;
            case NOT_PUBLISHED -> "not published (the certificate names no OCSP responder or CRL)";
        };
    }

    /** RFC 5280's reason in words: KEY_COMPROMISE is "key compromise". */
    static String words(CRLReason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}

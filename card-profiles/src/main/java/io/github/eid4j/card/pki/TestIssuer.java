package io.github.eid4j.card.pki;

import java.util.Optional;

/**
 * The issuers eid4j's test PKI imitates, one kept CA each in an eid4j home ({@link TestPkiHome}):
 * named as the virtual-card profiles whose certificates they issue.
 */
public enum TestIssuer {
    /** DVV's FINEID v4 chain: P-384 CAs signing ecdsa-with-SHA384. */
    FINEID_V4("fineid-v4"),
    /** DVV's FINEID v3 chain: RSA CAs signing sha256WithRSAEncryption. */
    FINEID_V3("fineid-v3"),
    /** LuxTrust's CAs of the Luxembourg eID. */
    LUXEMBOURG("luxembourg");

    private final String id;

    TestIssuer(String id) {
        this.id = id;
    }

    /** The folder name under {@code pki/}, and the first segment of its addresses on the responder. */
    public String id() {
        return id;
    }

    static Optional<TestIssuer> byId(String id) {
        for (TestIssuer issuer : values()) {
            if (issuer.id.equals(id)) {
                return Optional.of(issuer);
            }
        }
        return Optional.empty();
    }

    IssuerShape shape() {
        switch (this) {
            case FINEID_V4:
                return DvvShape.v4Chain();
            case FINEID_V3:
                return DvvShape.v3Chain();
            default:
                return new LuxTrustShape();
        }
    }
}

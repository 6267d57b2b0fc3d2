package io.github.eid4j.apdu.pace;

import java.util.Optional;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;

/**
 * The standardized domain parameters a PACEInfo names by number (BSI TR-03110-3 §A.2.1.1, ICAO
 * Doc 9303-11 §9.5.1), for the elliptic curves eid4j speaks. BouncyCastle holds the curves: the
 * JDK has dropped the brainpool ones.
 */
public enum PaceDomain {
    NIST_P256(12, "secp256r1"),
    BRAINPOOL_P256R1(13, "brainpoolP256r1"),
    NIST_P384(15, "secp384r1"),
    BRAINPOOL_P384R1(16, "brainpoolP384r1"),
    BRAINPOOL_P512R1(17, "brainpoolP512r1"),
    NIST_P521(18, "secp521r1");

    private final int id;
    private final String curve;

    PaceDomain(int id, String curve) {
        this.id = id;
        this.curve = curve;
    }

    /** The standardized parameter ID, as in PACEInfo and MSE:Set AT tag 84. */
    public int id() {
        return id;
    }

    public String curveName() {
        return curve;
    }

    public X9ECParameters parameters() {
        return ECNamedCurveTable.getByName(curve);
    }

    /** The length of a field element, and so of the shared secret, in bytes. */
    public int fieldSize() {
        return (parameters().getCurve().getFieldSize() + 7) / 8;
    }

    public static Optional<PaceDomain> of(int id) {
        for (PaceDomain d : values()) {
            if (d.id == id) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}

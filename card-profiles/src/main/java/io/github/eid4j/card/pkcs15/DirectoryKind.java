package io.github.eid4j.card.pkcs15;

/**
 * The kinds of directory file (xDF) the ODF points to, with the context tag each has in the
 * {@code PKCS15Objects} CHOICE of PKCS#15 v1.1 / ISO/IEC 7816-15 (CIOChoice), and in OpenSC's
 * {@code c_asn1_odf} (pkcs15.c).
 */
public enum DirectoryKind {
    /** PrKDF. */
    PRIVATE_KEYS(0),
    /** PuKDF. */
    PUBLIC_KEYS(1),
    /** PuKDF of trusted public keys. */
    TRUSTED_PUBLIC_KEYS(2),
    /** SKDF. */
    SECRET_KEYS(3),
    /** CDF. */
    CERTIFICATES(4),
    /** CDF of trusted certificates, such as the CA certificates a card carries. */
    TRUSTED_CERTIFICATES(5),
    /** CDF of useful certificates. */
    USEFUL_CERTIFICATES(6),
    /** DODF. */
    DATA_OBJECTS(7),
    /** AODF. */
    AUTH_OBJECTS(8);

    private final int tag;

    DirectoryKind(int tag) {
        this.tag = tag;
    }

    /** The context-specific tag number, [0] to [8]. */
    public int tag() {
        return tag;
    }

    static DirectoryKind ofTag(int tag) {
        for (DirectoryKind kind : values()) {
            if (kind.tag == tag) {
                return kind;
            }
        }
        return null;
    }
}

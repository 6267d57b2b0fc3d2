package io.github.eid4j.card.pkcs15;

/**
 * {@code KeyAccessFlags ::= BIT STRING { sensitive(0), extractable(1), alwaysSensitive(2),
 * neverExtractable(3), local(4) }}, OpenSC's SC_PKCS15_PRKEY_ACCESS_* (pkcs15.h), which become
 * the PKCS#11 attributes of the same names.
 */
public enum KeyAccessFlag implements NamedBit {
    SENSITIVE(0),
    EXTRACTABLE(1),
    ALWAYS_SENSITIVE(2),
    NEVER_EXTRACTABLE(3),
    /** The key was generated on the card. */
    LOCAL(4);

    private final int bit;

    KeyAccessFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}

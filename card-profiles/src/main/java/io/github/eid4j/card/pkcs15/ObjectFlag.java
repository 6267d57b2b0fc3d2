package io.github.eid4j.card.pkcs15;

/** {@code CommonObjectFlags ::= BIT STRING { private(0), modifiable(1) }}. */
public enum ObjectFlag implements NamedBit {
    /** Reading or using the object needs authentication (OpenSC: SC_PKCS15_CO_FLAG_PRIVATE). */
    PRIVATE(0),
    /** The object may be changed, as a PIN may be changed by its holder. */
    MODIFIABLE(1);

    private final int bit;

    ObjectFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}

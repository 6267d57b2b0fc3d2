package io.github.eid4j.card.pkcs15;

/**
 * {@code KeyUsageFlags ::= BIT STRING}, what a key may be used for, as PKCS#15 names the bits and
 * OpenSC defines SC_PKCS15_PRKEY_USAGE_* (pkcs15.h). OpenSC's PKCS#11 layer maps SIGN to
 * CKA_SIGN, DECRYPT/UNWRAP to CKA_DECRYPT/CKA_UNWRAP and DERIVE to CKA_DERIVE.
 */
public enum KeyUsageFlag implements NamedBit {
    ENCRYPT(0),
    DECRYPT(1),
    SIGN(2),
    SIGN_RECOVER(3),
    WRAP(4),
    UNWRAP(5),
    VERIFY(6),
    VERIFY_RECOVER(7),
    DERIVE(8),
    NON_REPUDIATION(9);

    private final int bit;

    KeyUsageFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}

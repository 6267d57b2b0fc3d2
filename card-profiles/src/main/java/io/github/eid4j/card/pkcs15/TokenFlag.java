package io.github.eid4j.card.pkcs15;

/**
 * {@code TokenFlags ::= BIT STRING { readonly(0), loginRequired(1), prnGeneration(2),
 * eidCompliant(3) }}, the same bits as OpenSC's SC_PKCS15_TOKEN_* (pkcs15.h).
 */
public enum TokenFlag implements NamedBit {
    /** The PKCS#15 structure cannot be changed by the host (every national eID card). */
    READ_ONLY(0),
    /** Some objects are private and need authentication first. */
    LOGIN_REQUIRED(1),
    /** The card generates random numbers (GET CHALLENGE). */
    PRN_GENERATION(2),
    /** The card follows the PKCS#15 "EID" profile. */
    EID_COMPLIANT(3);

    private final int bit;

    TokenFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}

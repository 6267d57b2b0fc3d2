package io.github.eid4j.card.pkcs15;

/**
 * PKCS#15 v1.1 {@code PKCS15-ALGORITHM.&Operations ::= BIT STRING { compute-checksum(0),
 * compute-signature(1), verify-checksum(2), verify-signature(3), encipher(4), decipher(5),
 * hash(6), generate-key(7) }}: what a card does with an algorithm of its TokenInfo.
 */
public enum AlgorithmOperation implements NamedBit {
    COMPUTE_CHECKSUM(0),
    COMPUTE_SIGNATURE(1),
    VERIFY_CHECKSUM(2),
    VERIFY_SIGNATURE(3),
    ENCIPHER(4),
    DECIPHER(5),
    HASH(6),
    GENERATE_KEY(7);

    private final int bit;

    AlgorithmOperation(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}

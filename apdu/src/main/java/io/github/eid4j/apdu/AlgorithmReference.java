package io.github.eid4j.apdu;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one algorithm-reference byte of MSE SET (tag 80) means on a card: the operation and, for
 * schemes that need it, the hash. Cards define these bytes themselves; {@link #gemaltoStyle()}
 * gives the Gemalto/Thales values that FINEID and IAS cards use. It lives in the codec package
 * because both ends read the same table: a host driver looks up the byte to send
 * ({@link #find}), the virtual card what a byte it receives means.
 */
public final class AlgorithmReference {
    /** The operations a security environment can prepare. */
    public enum Operation {
        /** PKCS#1 v1.5 signature; with a hash the card builds the DigestInfo, without it the host sends it. */
        SIGN_PKCS1(0xB6),
        /** RSASSA-PSS over a digest; without a hash the card infers it from the digest length. */
        SIGN_PSS(0xB6),
        /** ECDSA over a digest, answered as raw r||s. */
        SIGN_ECDSA(0xB6),
        DECIPHER_PKCS1(0xB8),
        DECIPHER_OAEP(0xB8),
        /** ECDH: PSO DECIPHER with a peer point returns the shared secret. */
        DERIVE_ECDH(0xB8),
        /** INTERNAL AUTHENTICATE: PKCS#1 v1.5 type-1 padding over the supplied data. */
        AUTHENTICATE_PKCS1(0xA4);

        private final int template;

        Operation(int template) {
            this.template = template;
        }

        /** The control reference template the operation belongs to: B6 (DST), B8 (CT) or A4 (AT). */
        public int template() {
            return template;
        }
    }

    private final int value;
    private final Operation operation;
    private final HashAlgorithm hash;

    public AlgorithmReference(int value, Operation operation, HashAlgorithm hash) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("An algorithm reference is one byte, not " + value + ".");
        }
        this.value = value;
        this.operation = operation;
        this.hash = hash;
    }

    public int value() {
        return value;
    }

    public Operation operation() {
        return operation;
    }

    /** The hash, or null when the card takes the host's choice. */
    public HashAlgorithm hash() {
        return hash;
    }

    /**
     * The Gemalto/Thales table: high nibble the hash (0 none, 1 SHA-1, 3 SHA-224, 4 SHA-256,
     * 5 SHA-384, 6 SHA-512), low nibble the scheme (2 PKCS#1, 4 ECDSA, 5 PSS); 1A PKCS#1 decipher,
     * 1D..6D OAEP; ECDH and INTERNAL AUTHENTICATE need no algorithm byte, so the card's default
     * (00) stands for them.
     */
    public static List<AlgorithmReference> gemaltoStyle() {
        ArrayList<AlgorithmReference> table = new ArrayList<>();
        int[] hashNibbles = {0x10, 0x30, 0x40, 0x50, 0x60};
        HashAlgorithm[] hashes = {HashAlgorithm.SHA1, HashAlgorithm.SHA224, HashAlgorithm.SHA256, HashAlgorithm.SHA384, HashAlgorithm.SHA512};
        table.add(new AlgorithmReference(0x02, Operation.SIGN_PKCS1, null));
        table.add(new AlgorithmReference(0x04, Operation.SIGN_ECDSA, null));
        table.add(new AlgorithmReference(0x05, Operation.SIGN_PSS, null));
        table.add(new AlgorithmReference(0x1A, Operation.DECIPHER_PKCS1, null));
        for (int i = 0; i < hashes.length; i++) {
            table.add(new AlgorithmReference(hashNibbles[i] | 0x02, Operation.SIGN_PKCS1, hashes[i]));
            table.add(new AlgorithmReference(hashNibbles[i] | 0x04, Operation.SIGN_ECDSA, hashes[i]));
            table.add(new AlgorithmReference(hashNibbles[i] | 0x05, Operation.SIGN_PSS, hashes[i]));
            table.add(new AlgorithmReference(hashNibbles[i] | 0x0D, Operation.DECIPHER_OAEP, hashes[i]));
        }
        return List.copyOf(table);
    }

    /**
     * The entry of {@code table} for an operation with a hash (null: the card takes the host's
     * choice, e.g. a DigestInfo the host built), or empty if the card has no byte for it.
     */
    public static Optional<AlgorithmReference> find(List<AlgorithmReference> table, Operation operation, HashAlgorithm hash) {
        return table.stream().filter(a -> a.operation == operation && a.hash == hash).findFirst();
    }

    /** The Gemalto/Thales byte for an operation and hash, for constants that name one entry of the table. */
    public static int gemaltoStyle(Operation operation, HashAlgorithm hash) {
        return find(gemaltoStyle(), operation, hash).orElseThrow(() -> new IllegalArgumentException(
                "The Gemalto/Thales table has no algorithm reference for " + operation + " with " + hash + ".")).value();
    }

    @Override
    public String toString() {
        return String.format("%02X %s%s", value, operation, hash == null ? "" : " " + hash);
    }
}

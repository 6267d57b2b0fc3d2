package io.github.eid4j.apdu.emulator;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of private key a virtual card can hold: RSA moduli the eID cards use, and the NIST
 * and brainpool curves (brainpool because European eID cards issue on them, although the JDK no
 * longer signs with them).
 */
public enum KeyType {
    RSA_2048("rsa-2048", 2048, null, 0),
    RSA_3072("rsa-3072", 3072, null, 0),
    RSA_4096("rsa-4096", 4096, null, 0),
    EC_P256("ec-p256", 256, "secp256r1", 32),
    EC_P384("ec-p384", 384, "secp384r1", 48),
    EC_P521("ec-p521", 521, "secp521r1", 66),
    EC_BRAINPOOLP256R1("ec-brainpoolP256r1", 256, "brainpoolP256r1", 32),
    EC_BRAINPOOLP384R1("ec-brainpoolP384r1", 384, "brainpoolP384r1", 48),
    EC_BRAINPOOLP512R1("ec-brainpoolP512r1", 512, "brainpoolP512r1", 64);

    private final String text;
    private final int sizeBits;
    private final String curveName;
    private final int fieldBytes;

    KeyType(String text, int sizeBits, String curveName, int fieldBytes) {
        this.text = text;
        this.sizeBits = sizeBits;
        this.curveName = curveName;
        this.fieldBytes = fieldBytes;
    }

    /** The name used in card profiles and on the command line, for example {@code ec-brainpoolP256r1}. */
    public String text() {
        return text;
    }

    /**
     * The key type named {@code text}, ignoring case (people type {@code ec-brainpoolp256r1} too).
     *
     * @throws IllegalArgumentException if no key type has that name
     */
    public static KeyType parse(String text) {
        for (KeyType type : values()) {
            if (type.text.equalsIgnoreCase(text == null ? "" : text.trim())) {
                return type;
            }
        }
        String valid = Arrays.stream(values()).map(KeyType::text).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("Unknown key type \"" + text + "\"; the key types are " + valid + ".");
    }

    public boolean isRsa() {
        return curveName == null;
    }

    /** The modulus length of an RSA key, or the bit length of the curve's order (521 for P-521). */
    public int sizeBits() {
        return sizeBits;
    }

    /** The curve's standard name as the JDK and BouncyCastle know it, or null for RSA. */
    public String curveName() {
        return curveName;
    }

    /**
     * The length in bytes of a field element: each half of a raw ECDSA signature and the ECDH
     * shared secret have this length.
     *
     * @throws IllegalStateException for an RSA key type, which has no field
     */
    public int fieldBytes() {
        if (isRsa()) {
            throw new IllegalStateException(text + " is an RSA key type and has no field size.");
        }
        return fieldBytes;
    }
}

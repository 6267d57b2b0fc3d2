package io.github.eid4j.card.pkcs15;

import io.github.eid4j.apdu.Hex;
import java.util.Arrays;

/**
 * A PKCS#15 {@code Identifier ::= OCTET STRING (SIZE (0..pkcs15-ub-identifier))}: the iD that
 * ties a private key to its certificate, and the authId that ties an object to the
 * authentication object guarding it. Compared by content, shown as hex.
 */
public final class Identifier {
    /** pkcs15-ub-identifier, and OpenSC's SC_PKCS15_MAX_ID_SIZE. */
    public static final int MAX_LENGTH = 255;

    private final byte[] value;

    private Identifier(byte[] value) {
        if (value.length > MAX_LENGTH) {
            throw new IllegalArgumentException("An identifier has at most " + MAX_LENGTH
                    + " bytes, not " + value.length + ".");
        }
        this.value = value;
    }

    public static Identifier of(byte[] value) {
        return new Identifier(value.clone());
    }

    /** For example {@code Identifier.ofHex("45")}. */
    public static Identifier ofHex(String hex) {
        return new Identifier(Hex.decode(hex));
    }

    static Identifier decoded(byte[] value, String what) {
        if (value.length > MAX_LENGTH) {
            throw new Pkcs15FormatException("The " + what + " is " + value.length
                    + " bytes long, more than the " + MAX_LENGTH + " an identifier may have.");
        }
        return new Identifier(value);
    }

    public byte[] value() {
        return value.clone();
    }

    byte[] shared() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identifier && Arrays.equals(value, ((Identifier) o).value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return Hex.plain(value);
    }
}

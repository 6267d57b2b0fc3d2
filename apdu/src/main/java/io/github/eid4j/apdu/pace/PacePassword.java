package io.github.eid4j.apdu.pace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A PACE password and its key K = f(π) (ICAO Doc 9303-11 §9.7.3): for the CAN, PIN and PUK the
 * password's characters as ISO 8859-1 bytes, for the MRZ the SHA-1 of the MRZ information. The
 * key is wiped by {@link #close()}; {@link #toString()} never shows it.
 */
public final class PacePassword implements AutoCloseable {
    /** The password references of MSE:Set AT tag 83 (TR-03110-3 Table B.2; ICAO 9303-11 §4.4.4.1). */
    public enum Type {
        MRZ(1, "MRZ"),
        CAN(2, "CAN"),
        PIN(3, "PIN"),
        PUK(4, "PUK");

        private final int reference;
        private final String label;

        Type(int reference, String label) {
            this.reference = reference;
            this.label = label;
        }

        public int reference() {
            return reference;
        }

        public String label() {
            return label;
        }

        public static Type of(int reference) {
            for (Type t : values()) {
                if (t.reference == reference) {
                    return t;
                }
            }
            return null;
        }
    }

    private final Type type;
    private final byte[] key;

    private PacePassword(Type type, byte[] key) {
        this.type = type;
        this.key = key;
    }

    /** The card access number printed on the card; {@code can} is the caller's to wipe. */
    public static PacePassword can(char[] can) {
        return new PacePassword(Type.CAN, latin1(can));
    }

    public static PacePassword pin(char[] pin) {
        return new PacePassword(Type.PIN, latin1(pin));
    }

    public static PacePassword puk(char[] puk) {
        return new PacePassword(Type.PUK, latin1(puk));
    }

    /** The MRZ password from the MRZ information (document number, birth and expiry dates, each with its check digit). */
    public static PacePassword mrz(String mrzInformation) {
        try {
            return new PacePassword(Type.MRZ, MessageDigest.getInstance("SHA-1").digest(mrzInformation.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK.", e);
        }
    }

    /** A password of {@code type} whose key K is already known (the card side keeps K). */
    public static PacePassword ofKey(Type type, byte[] key) {
        return new PacePassword(type, key.clone());
    }

    public Type type() {
        return type;
    }

    /** K = f(π); the caller wipes the copy. */
    public byte[] key() {
        return key.clone();
    }

    @Override
    public void close() {
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return type.label() + " (hidden)";
    }

    private static byte[] latin1(char[] chars) {
        byte[] out = new byte[chars.length];
        for (int i = 0; i < chars.length; i++) {
            out[i] = (byte) chars[i];
        }
        return out;
    }
}

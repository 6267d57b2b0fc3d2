package io.github.eid4j.apdu.emulator;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import io.github.eid4j.apdu.pace.PaceProtocol;
import io.github.eid4j.apdu.sm.SmCipher;

/**
 * A PIN, PUK or activation code as the card OS keeps it (ISO 7816-4 "reference data"): its
 * reference, format and length rules, its retry counter, and its value. The value is kept only
 * as a salted SHA-256 of the PIN block, so a card's state never holds a PIN in clear, and the
 * comparison is of fixed-length digests in constant time.
 */
public final class ReferenceData {
    private final int reference;
    private final String label;
    private final PinFormat format;
    private final int minLength;
    private final int maxLength;
    private final int maxTries;
    private final int unblockingReference;
    private final boolean changeWithoutOldAllowed;
    private boolean changeBeforeUse;

    private int triesLeft;
    private byte[] salt;
    private byte[] hash; // null: no value yet (not activated)
    private boolean initial;
    /** For a PACE password: the protocol whose K_π the card keeps, and K_π itself (it encrypts PACE's nonce). */
    private PaceProtocol paceProtocol;
    private byte[] paceKey;

    /**
     * @param reference the P2 reference (bit 8 set: local to the application)
     * @param unblockingReference the reference of the PUK that unblocks it, or -1
     */
    public ReferenceData(int reference, String label, PinFormat format, int minLength, int maxLength, int maxTries,
            int unblockingReference, boolean changeWithoutOldAllowed) {
        if (reference < 0 || reference > 0xFF) {
            throw new IllegalArgumentException("A PIN reference is one byte, not " + reference + ".");
        }
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("PIN lengths must satisfy 1 <= min <= max, not " + minLength + ".." + maxLength + ".");
        }
        if (maxTries < 1 || maxTries > 15) {
            throw new IllegalArgumentException("A retry counter counts 1 to 15 tries, not " + maxTries + ".");
        }
        this.reference = reference;
        this.label = label;
        this.format = format;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.maxTries = maxTries;
        this.triesLeft = maxTries;
        this.unblockingReference = unblockingReference;
        this.changeWithoutOldAllowed = changeWithoutOldAllowed;
    }

    public int reference() {
        return reference;
    }

    public String label() {
        return label;
    }

    public PinFormat format() {
        return format;
    }

    public int minLength() {
        return minLength;
    }

    public int maxLength() {
        return maxLength;
    }

    public int maxTries() {
        return maxTries;
    }

    public int triesLeft() {
        return triesLeft;
    }

    public boolean isBlocked() {
        return triesLeft == 0;
    }

    /** False for a PIN that has no value yet, on a card that is not activated. */
    public boolean hasValue() {
        return hash != null;
    }

    /** True while the PIN is still the one the issuer set (it must or should be changed). */
    public boolean isInitial() {
        return initial;
    }

    public int unblockingReference() {
        return unblockingReference;
    }

    public boolean changeWithoutOldAllowed() {
        return changeWithoutOldAllowed;
    }

    /**
     * Makes the issuer's value (personalised as initial) good for CHANGE REFERENCE DATA only:
     * VERIFY refuses it until the holder has set a PIN of their own, as a card whose PIN comes by
     * post and "must be changed at first use" does. Part of the card's description.
     */
    public void requireChangeBeforeUse() {
        changeBeforeUse = true;
    }

    public boolean changeBeforeUseRequired() {
        return changeBeforeUse;
    }

    /** True while the PIN is the issuer's and must be changed before VERIFY accepts it. */
    public boolean awaitsChange() {
        return changeBeforeUse && initial && hash != null;
    }

    /** Sets the value at personalisation. */
    public void personalise(char[] digits, boolean initialValue) {
        if (digits.length < minLength || digits.length > maxLength) {
            throw new IllegalArgumentException(label + " must have " + minLength + " to " + maxLength + " digits.");
        }
        for (char c : digits) {
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(label + " must have digits only.");
            }
        }
        byte[] block = format.encode(digits);
        setBlock(block);
        Arrays.fill(block, (byte) 0);
        initial = initialValue;
        triesLeft = maxTries;
    }

    void decrement() {
        if (triesLeft > 0) {
            triesLeft--;
        }
    }

    void restoreTries() {
        triesLeft = maxTries;
    }

    boolean matches(byte[] data, int offset) {
        if (hash == null) {
            return false;
        }
        byte[] candidate = digest(salt, data, offset, format.blockLength());
        return MessageDigest.isEqual(candidate, hash);
    }

    void setBlock(byte[] data, int offset) {
        salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        hash = digest(salt, data, offset, format.blockLength());
        initial = false;
        if (paceProtocol != null) {
            char[] digits = format.digits(data, offset);
            byte[] k = new byte[digits.length];
            for (int i = 0; i < digits.length; i++) {
                k[i] = (byte) digits[i];
            }
            wipePaceKey();
            paceKey = paceProtocol.cipher().deriveKey(k, SmCipher.KDF_PASSWORD, paceProtocol.keyLength());
            Arrays.fill(digits, '\0');
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * Makes this reference data a PACE password of {@code protocol}: from its next value on, the
     * card keeps K_π = KDF(π, 3) beside the hash, since PACE needs a key, not a comparison. Set it
     * before the value is personalised.
     */
    void usePace(PaceProtocol protocol) {
        this.paceProtocol = protocol;
    }

    /** K_π for PACE, or null if this is not a PACE password or has no value; the caller wipes the copy. */
    byte[] paceKey() {
        return paceKey == null ? null : paceKey.clone();
    }

    private void wipePaceKey() {
        if (paceKey != null) {
            Arrays.fill(paceKey, (byte) 0);
        }
    }

    private void setBlock(byte[] block) {
        setBlock(block, 0);
    }

    private static byte[] digest(byte[] salt, byte[] data, int offset, int length) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime.", e);
        }
        try {
            sha.update(salt);
            sha.update(data, offset, length);
            return sha.digest();
        } finally {
            sha.reset(); // digest() leaves the last block, PIN block included, in the digest's buffer; reset wipes it
        }
    }

    /** The durable part, for the card's state file: tries, initial flag, salt and hash. */
    String durableState() {
        java.util.HexFormat hex = java.util.HexFormat.of();
        return triesLeft + "," + initial + "," + (hash == null ? "-" : hex.formatHex(salt) + ":" + hex.formatHex(hash))
                + (paceKey == null ? "" : "," + hex.formatHex(paceKey));
    }

    /**
     * Restores what {@link #durableState()} wrote.
     *
     * @throws IllegalArgumentException if the text is not such a state or its numbers are out of range
     */
    void restoreDurableState(String text) {
        String[] parts = text.split(",");
        if (parts.length != 3 && parts.length != 4) {
            throw new IllegalArgumentException("the state of " + label + " is not 'tries,initial,value[,pace key]'");
        }
        int tries = Integer.parseInt(parts[0]);
        if (tries < 0 || tries > maxTries) {
            throw new IllegalArgumentException("the tries left of " + label + " (" + tries + ") are outside 0.." + maxTries);
        }
        if (!"true".equals(parts[1]) && !"false".equals(parts[1])) {
            throw new IllegalArgumentException("the initial flag of " + label + " is not true or false");
        }
        byte[] newSalt = null;
        byte[] newHash = null;
        if (!"-".equals(parts[2])) {
            String[] value = parts[2].split(":");
            java.util.HexFormat hex = java.util.HexFormat.of();
            if (value.length != 2) {
                throw new IllegalArgumentException("the value of " + label + " is not salt:hash");
            }
            newSalt = hex.parseHex(value[0]);
            newHash = hex.parseHex(value[1]);
            if (newSalt.length != 16 || newHash.length != 32) {
                throw new IllegalArgumentException("the value of " + label + " has the wrong size");
            }
        }
        byte[] newPaceKey = parts.length == 4 ? java.util.HexFormat.of().parseHex(parts[3]) : null;
        if (newPaceKey != null && (newPaceKey.length < 16 || newPaceKey.length > 32)) {
            throw new IllegalArgumentException("the PACE key of " + label + " has the wrong size");
        }
        triesLeft = tries;
        initial = Boolean.parseBoolean(parts[1]);
        salt = newSalt;
        hash = newHash;
        wipePaceKey();
        paceKey = newPaceKey;
    }

    @Override
    public String toString() {
        return String.format("%s (%02X): %d of %d tries left%s", label, reference, triesLeft, maxTries, hash == null ? ", not set" : "");
    }

}

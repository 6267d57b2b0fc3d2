package io.github.eid4j.apdu.emulator;

/**
 * A key operation refused its input: a digest of the wrong length, data too long for the key, a
 * cryptogram that does not decrypt, a point off the curve, or an operation the key's type cannot
 * do. The card OS answers it with 6A80 (incorrect data).
 *
 * <p>It is checked so that every place in the card OS that runs a key operation decides which
 * status word to answer; programming errors (null arguments) stay unchecked. The message is one
 * sentence that is safe to log: it never holds key material, and for decryption it never says
 * which part of the padding was wrong (no padding oracle in a trace).
 */
public final class CardKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    public CardKeyException(String message) {
        super(message);
    }
}

package io.github.eid4j.apdu.pace;

/**
 * PACE could not open a secure channel. The message is one sentence fit for a user; it never
 * holds a password, a nonce or a key.
 */
public class PaceException extends Exception {
    private static final long serialVersionUID = 1L;

    public PaceException(String message) {
        super(message);
    }
}

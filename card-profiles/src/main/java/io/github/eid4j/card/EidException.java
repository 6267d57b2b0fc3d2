package io.github.eid4j.card;

/**
 * Something a user of an eID card must be told: the message is one sentence that says what
 * happened and, where there is one, what to do. It never holds a PIN or key material. The
 * subclasses let front ends (JCA, PKCS#11, CLI) map each case to their own vocabulary.
 */
public class EidException extends Exception {
    private static final long serialVersionUID = 1L;

    public EidException(String message) {
        super(message);
    }

    public EidException(String message, Throwable cause) {
        super(message, cause);
    }
}

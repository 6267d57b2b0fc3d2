package io.github.eid4j.jca;

/** The card in the reader is not one eid4j supports (or not of the configured profile). */
public final class UnsupportedCardException extends Eid4jException {
    private static final long serialVersionUID = 1L;

    public UnsupportedCardException(String message, Throwable cause) {
        super(message, cause);
    }
}

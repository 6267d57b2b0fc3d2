package io.github.eid4j.jca;

/**
 * The card a key belongs to was removed and is not back. Inserting the same card again is
 * enough: the next operation with the key reopens it.
 */
public final class CardRemovedException extends NoCardException {
    private static final long serialVersionUID = 1L;

    public CardRemovedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.github.eid4j.jca;

/**
 * The card in the reader is another card than the one the key belongs to (its serial differs).
 * Nothing was sent to it that needs a PIN; insert the key's card, or load the key store again
 * to use the new card.
 */
public final class WrongCardException extends Eid4jException {
    private static final long serialVersionUID = 1L;

    public WrongCardException(String message) {
        super(message);
    }
}

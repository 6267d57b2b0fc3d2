package io.github.eid4j.jca;

/**
 * The card did not answer within the time limit (the configuration's {@code card.timeout}) and
 * was given up. The message says which card; removing it and inserting it again is the remedy,
 * and the next operation opens it afresh.
 */
public final class CardNotAnsweringException extends Eid4jException {
    private static final long serialVersionUID = 1L;

    public CardNotAnsweringException(String message, Throwable cause) {
        super(message, cause);
    }
}

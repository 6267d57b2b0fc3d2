package io.github.eid4j.card;

/**
 * The card could not be reached or answered unexpectedly: no PC/SC service, no reader, no card,
 * card removed, card in use by another program, a card that stopped answering, or an answer the
 * profile does not understand.
 */
public final class CardAccessException extends EidException {
    private static final long serialVersionUID = 1L;

    /** What kind of trouble, for front ends that map it to their own error codes. */
    public enum Reason {
        SERVICE_NOT_RUNNING, NO_READER, NO_CARD, CARD_REMOVED, CARD_IN_USE, UNSUPPORTED_CARD, CARD_ERROR,
        /** The card did not answer within the time limit; it was given up until it is inserted again. */
        NO_ANSWER
    }

    private final Reason reason;

    public CardAccessException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CardAccessException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

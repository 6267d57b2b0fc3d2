package io.github.eid4j.card;

/**
 * The card needs its CAN (card access number, printed on the card) to open its secure channel,
 * and has none that works: none was given, or the card refused the one given. No try of any
 * PIN was spent. The message is one sentence and never holds the CAN.
 */
public class CanException extends EidException {
    private static final long serialVersionUID = 1L;

    /** Why the secure channel did not open. */
    public enum Reason {
        /** Nobody could be asked, and no CAN is remembered for the card. */
        MISSING,
        /** The card refused the CAN. */
        WRONG
    }

    private final Reason reason;

    public CanException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

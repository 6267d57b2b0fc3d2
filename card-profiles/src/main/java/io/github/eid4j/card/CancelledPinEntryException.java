package io.github.eid4j.card;

/** The user cancelled the PIN dialog; nothing was sent to the card. */
public final class CancelledPinEntryException extends EidException {
    private static final long serialVersionUID = 1L;

    public CancelledPinEntryException() {
        super("PIN entry was cancelled.");
    }
}

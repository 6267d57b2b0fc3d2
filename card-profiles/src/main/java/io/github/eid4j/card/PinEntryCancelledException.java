package io.github.eid4j.card;

/** The user cancelled the PIN dialog; nothing was sent to the card. */
public final class PinEntryCancelledException extends EidException {
    private static final long serialVersionUID = 1L;

    public PinEntryCancelledException() {
        super("PIN entry was cancelled.");
    }
}

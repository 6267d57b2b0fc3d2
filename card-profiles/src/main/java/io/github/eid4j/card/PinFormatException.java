package io.github.eid4j.card;

/** A PIN that breaks the card's rules (length, digits only); refused before any try is spent. */
public final class PinFormatException extends EidException {
    private static final long serialVersionUID = 1L;

    public PinFormatException(String message) {
        super(message);
    }
}

package io.github.eid4j.apdu.emulator;

/** A virtual card's folder that another program (or another open in this one) holds locked. */
public final class CardFolderInUseException extends CardFolderException {
    private static final long serialVersionUID = 1L;

    public CardFolderInUseException(String message) {
        super(message);
    }
}

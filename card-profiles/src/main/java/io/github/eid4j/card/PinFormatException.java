package io.github.eid4j.card;

/** A PIN that breaks the card's rules (length, digits only); refused before any try is spent. */
public final class PinFormatException extends EidException {
    private static final long serialVersionUID = 1L;

    /** Which rule a value breaks, for front ends that answer with a code rather than the sentence. */
    public enum Reason {
        /** Shorter or longer than the PIN may be. */
        LENGTH,
        /** A character the PIN may not have. */
        CHARACTERS,
        /** Anything else: two new entries that differ, a new PIN the card refused. */
        OTHER
    }

    private final Reason reason;

    public PinFormatException(String message) {
        this(Reason.OTHER, message);
    }

    public PinFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

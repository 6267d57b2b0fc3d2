package io.github.eid4j.jca;

/** The card refused the PIN; {@link #triesLeft()} says how many tries remain before it is blocked. */
public final class PinIncorrectException extends Eid4jException {
    private static final long serialVersionUID = 1L;
    private final String pin;
    private final int triesLeft;

    public PinIncorrectException(String message, String pin, int triesLeft, Throwable cause) {
        super(message, cause);
        this.pin = pin;
        this.triesLeft = triesLeft;
    }

    /** The PIN's label, e.g. "PIN1". */
    public String pin() {
        return pin;
    }

    public int triesLeft() {
        return triesLeft;
    }
}

package io.github.eid4j.card;

/** The card refused the PIN; it says how many tries are left. */
public final class WrongPinException extends EidException {
    private static final long serialVersionUID = 1L;
    private final String pin;
    private final int triesLeft;

    public WrongPinException(String pin, int triesLeft) {
        super("Wrong " + pin + ": " + (triesLeft == 1 ? "1 try" : triesLeft + " tries") + " left before it is blocked.");
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

package io.github.eid4j.card;

/** The card refused the PIN; it says how many tries are left. */
public final class WrongPinException extends EidException {
    private static final long serialVersionUID = 1L;
    private final String pin;
    private final int triesLeft;

    public WrongPinException(String pin, int triesLeft) {
        super(triesLeft < 0 ? "Wrong " + pin + "; the token does not say how many tries are left before it is blocked."
                : "Wrong " + pin + ": " + (triesLeft == 1 ? "1 try" : triesLeft + " tries") + " left before it is blocked.");
        this.pin = pin;
        this.triesLeft = triesLeft;
    }

    /** The PIN's label, e.g. "PIN1". */
    public String pin() {
        return pin;
    }

    /** The tries left, or -1 if the card or token does not say. */
    public int triesLeft() {
        return triesLeft;
    }
}

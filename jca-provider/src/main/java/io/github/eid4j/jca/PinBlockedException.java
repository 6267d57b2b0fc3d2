package io.github.eid4j.jca;

/** The PIN is blocked; the message says how to unblock it. */
public final class PinBlockedException extends Eid4jException {
    private static final long serialVersionUID = 1L;
    private final String pin;

    public PinBlockedException(String message, String pin, Throwable cause) {
        super(message, cause);
        this.pin = pin;
    }

    /** The PIN's label, e.g. "PIN2". */
    public String pin() {
        return pin;
    }
}

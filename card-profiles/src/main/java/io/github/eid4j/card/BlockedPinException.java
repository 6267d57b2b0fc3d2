package io.github.eid4j.card;

/** The PIN (or PUK) is blocked; the message says how to unblock it, or that it cannot be. */
public final class BlockedPinException extends EidException {
    private static final long serialVersionUID = 1L;
    private final String pin;

    public BlockedPinException(String pin, String remedy) {
        super(pin + " is blocked" + (remedy == null ? "." : "; " + remedy));
        this.pin = pin;
    }

    public String pin() {
        return pin;
    }
}

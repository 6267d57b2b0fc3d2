package io.github.eid4j.jca;

/**
 * No PIN was given: the user cancelled, the CallbackHandler cannot ask for passwords, or there is
 * no CallbackHandler at all. Nothing was sent to the card and no try was spent.
 */
public final class PinEntryCancelledException extends Eid4jException {
    private static final long serialVersionUID = 1L;

    public PinEntryCancelledException(String message) {
        super(message);
    }

    public PinEntryCancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.github.eid4j.apdu.transport;

/**
 * A program that did not do what a recorded session did: it sent another command than the
 * recording has next, or more commands, or fewer, or one whose answer the recording redacted.
 * Unchecked, so that no driver mistakes it for a card's failure; the message names the command
 * sent (secrets redacted), the one expected, and where in the recording.
 */
public class ReplayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplayException(String message) {
        super(message);
    }
}

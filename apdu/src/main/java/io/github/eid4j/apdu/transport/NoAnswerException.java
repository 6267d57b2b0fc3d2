package io.github.eid4j.apdu.transport;

/**
 * The card did not answer within its {@link CardTimeout time limit}; the transport gave it up.
 * (A reader's transport says the same with its own exception type, such as a PC/SC failure.)
 */
public class NoAnswerException extends TransportException {
    private static final long serialVersionUID = 1L;

    public NoAnswerException(String message) {
        super(message);
    }
}

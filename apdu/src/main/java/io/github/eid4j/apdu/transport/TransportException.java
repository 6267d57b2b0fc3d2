package io.github.eid4j.apdu.transport;

import java.io.IOException;

/**
 * An exchange with a card that could not take place or gave no usable answer. The message is
 * one sentence fit for a user; it never holds command data.
 */
public class TransportException extends IOException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.github.eid4j.apdu.sm;

import io.github.eid4j.apdu.transport.TransportException;

/**
 * The secure channel with the card failed: an answer whose MAC does not verify, an answer in
 * plaintext, a card that ended secure messaging (69 87, 69 88). The channel is closed for good;
 * only a new PACE opens another. The message is one sentence; it never holds keys or data.
 */
public class SecureMessagingException extends TransportException {
    private static final long serialVersionUID = 1L;

    public SecureMessagingException(String message) {
        super(message);
    }
}

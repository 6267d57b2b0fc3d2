package io.github.eid4j.apdu.transport;

import java.util.Objects;

/** A transport that adds one behaviour on top of another and passes {@link #close()} down. */
public abstract class TransportDecorator implements CardTransport {
    protected final CardTransport next;

    protected TransportDecorator(CardTransport next) {
        this.next = Objects.requireNonNull(next, "next transport");
    }

    @Override
    public void close() {
        next.close();
    }

    static byte[] responseOf(CardTransport transport, byte[] command) throws TransportException {
        byte[] response = transport.transmit(command);
        if (response == null || response.length < 2) {
            throw new TransportException("The card answered with " + (response == null ? 0 : response.length)
                    + " bytes, which is not a response APDU.");
        }
        return response;
    }

    static int sw1(byte[] response) {
        return response[response.length - 2] & 0xFF;
    }

    static int sw2(byte[] response) {
        return response[response.length - 1] & 0xFF;
    }
}

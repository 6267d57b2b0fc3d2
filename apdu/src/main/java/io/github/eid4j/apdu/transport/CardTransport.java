package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.ResponseApdu;
import java.util.function.UnaryOperator;

/**
 * The one way to talk to a card: command APDU bytes in, response APDU bytes (data and status
 * word) out. Everything else, such as GET RESPONSE, T=0 case-4 handling, chaining or tracing,
 * is a decorator stacked with {@link #then(UnaryOperator)}. A virtual card is just another
 * transport end.
 */
@FunctionalInterface
public interface CardTransport extends AutoCloseable {

    /**
     * Sends one command APDU and returns the response APDU, status word included.
     *
     * @throws TransportException if the exchange could not take place (no card, card removed,
     *     reader gone, service down) or the card's answer is not a response APDU
     */
    byte[] transmit(byte[] command) throws TransportException;

    /** {@link #transmit(byte[])} with the codec types. */
    default ResponseApdu transmit(CommandApdu command) throws TransportException {
        byte[] response = transmit(command.toBytes());
        if (response == null || response.length < 2) {
            throw new TransportException("The card answered with " + (response == null ? 0 : response.length)
                    + " bytes, which is not a response APDU.");
        }
        return ResponseApdu.parse(response);
    }

    /** Stacks a decorator on this transport: {@code pcsc.then(GetResponse::new).then(t -> new Trace(t))}. */
    default CardTransport then(UnaryOperator<CardTransport> decorator) {
        return decorator.apply(this);
    }

    /** Releases what the transport holds; decorators pass it down. Closing twice does nothing. */
    @Override
    default void close() {
    }
}

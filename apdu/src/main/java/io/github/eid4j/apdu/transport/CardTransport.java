package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.SecretCommands;
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

    /**
     * {@link #transmit(byte[])} with the codec types. The encoding sent is wiped afterwards when
     * the command carries a secret ({@link SecretCommands}); the command's own data is its
     * owner's to wipe ({@link CommandApdu#close()}).
     */
    default ResponseApdu transmit(CommandApdu command) throws TransportException {
        byte[] encoded = command.toBytes();
        byte[] response;
        try {
            response = transmit(encoded);
        } finally {
            SecretCommands.wipeIfSecret(encoded);
        }
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

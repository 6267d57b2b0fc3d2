package io.github.eid4j.card;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import java.time.Duration;
import java.util.Optional;

/**
 * A card reached through a reader or in-process, with the transport stack its protocol needs.
 * A profile's operation runs inside one {@link #transact} so that no other program's commands
 * come between its APDUs (a VERIFY and the PSO that it allows, for instance).
 */
public interface CardConnection extends AutoCloseable {

    byte[] atr();

    /** True if the card speaks T=0, whose rules for Le differ from T=1's. */
    boolean isT0();

    /** The decorated transport: GET RESPONSE, 6Cxx, T=0 case 4, chaining and tracing are handled. */
    CardTransport transport();

    /**
     * The most response data one command may ask for through this transport stack (its Ne), for
     * reads the host cuts into pieces (READ BINARY): 256 with short APDUs. A connection whose
     * stack protects every APDU (secure messaging) answers less, since the protected answer, with
     * its padding, tags and MAC, must fit in the same response APDU.
     */
    default int maxResponseData() {
        return CommandApdu.MAX_SHORT_NE;
    }

    /** "reader 'Virtual PCD 00 00'" or "virtual card 'demo'". */
    String location();

    /**
     * Whether a profile may take the card's files from the user's cache instead of reading them
     * again: true for a card, false for a recorded session, which must be played as recorded.
     */
    default boolean cachesFiles() {
        return true;
    }

    /**
     * Whether this connection sent a command that may have verified a PIN (VERIFY, CHANGE
     * REFERENCE DATA, RESET RETRY COUNTER, an authentication): the card then holds a security
     * status that must not outlive the connection. {@link #close()} resets such a card.
     */
    boolean mayHaveAuthenticated();

    /**
     * The reader's PIN pad, if it has one this connection can use, waiting at most {@code wait}
     * for the user; none for a virtual card, a plain reader, or a card under the host's secure
     * messaging (the reader would send the PIN unprotected).
     */
    default Optional<PinPad> pinPad(Duration wait) {
        return Optional.empty();
    }

    /**
     * The reader's own PACE (FEATURE_EXECUTE_PACE), if it has it; none for a virtual card or a
     * plain reader, which leave PACE to the host.
     */
    default Optional<PaceReader> paceReader() {
        return Optional.empty();
    }

    /** Runs {@code work} inside one card transaction. */
    <T> T transact(CardWork<T> work) throws EidException;

    /** Releases the card, resetting it if a PIN may have been verified through this connection. */
    @Override
    void close();

    /** Work done with the card inside a transaction. */
    @FunctionalInterface
    interface CardWork<T> {
        T run(CardTransport card) throws EidException, TransportException;
    }
}

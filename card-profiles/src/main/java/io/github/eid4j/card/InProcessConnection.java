package io.github.eid4j.card;

import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.DirectTransport;
import io.github.eid4j.apdu.transport.Icc;
import io.github.eid4j.apdu.transport.InProcessTransport;
import io.github.eid4j.apdu.transport.ReplayException;
import io.github.eid4j.apdu.transport.ReplayTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.apdu.transport.Transports;
import java.time.Duration;

/**
 * A card in this process, with no reader: a virtual card, or a recorded session played back
 * (docs/recordings.md). It gets the same transport stack a reader would need for its protocol
 * (so T=0 rules are exercised in-process too). A lock stands for the PC/SC transaction. Each
 * command to a virtual card waits for it at most the time limit ({@link InProcessTransport}).
 */
public final class InProcessConnection implements CardConnection {
    private final DirectTransport wire;
    private final CardTransport transport;
    private final boolean t0;
    private final String location;

    /** As {@link #InProcessConnection(Icc, boolean, String, Runnable, Duration)} with the {@link CardTimeout#configured() configured} limit. */
    public InProcessConnection(Icc card, boolean t0, String location, Runnable onClose) {
        this(card, t0, location, onClose, CardTimeout.configured());
    }

    /**
     * @param t0 true if the card's ATR offers only T=0
     * @param location "virtual card 'demo'": where the card is, in a sentence
     * @param onClose what to release when the connection closes (e.g. the card's folder); runs
     *     once the card is powered off, so never while it still works on a command
     * @param timeLimit how long each command waits for the card
     */
    public InProcessConnection(Icc card, boolean t0, String location, Runnable onClose, Duration timeLimit) {
        this(new InProcessTransport(card, location, timeLimit, onClose), t0, location);
    }

    /**
     * @param wire the card's end: a virtual card's InProcessTransport, or a recorded session's
     *     ReplayTransport; closing the connection closes it
     * @param t0 true if the card speaks T=0
     * @param location "virtual card 'demo'": where the card is, in a sentence
     */
    public InProcessConnection(DirectTransport wire, boolean t0, String location) {
        this.wire = wire;
        this.t0 = t0;
        this.transport = Transports.forCard(wire, wire.atr(), t0);
        this.location = location;
    }

    @Override
    public byte[] atr() {
        return wire.atr();
    }

    @Override
    public boolean isT0() {
        return t0;
    }

    @Override
    public CardTransport transport() {
        return transport;
    }

    @Override
    public String location() {
        return location;
    }

    /** A recorded session is played as it was recorded, never shortened by a cache. */
    @Override
    public boolean cachesFiles() {
        return !(wire instanceof ReplayTransport);
    }

    @Override
    public boolean mayHaveAuthenticated() {
        return wire.mayHaveAuthenticated();
    }

    @Override
    public synchronized <T> T transact(CardWork<T> work) throws EidException {
        try {
            return work.run(transport);
        } catch (TransportException e) {
            throw CardErrors.from(e);
        } catch (ReplayException e) {
            // A recording has no answer to this command: as a card that could not do it, so the
            // program goes on as it would (ReplayTransport.assertPlayedToEnd still reports it).
            throw new CardAccessException(CardAccessException.Reason.CARD_ERROR, e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        transport.close();
    }

}

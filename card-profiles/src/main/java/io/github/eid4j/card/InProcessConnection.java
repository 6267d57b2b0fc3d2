package io.github.eid4j.card;

import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.Icc;
import io.github.eid4j.apdu.transport.InProcessTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.apdu.transport.Transports;

/**
 * A virtual card in this process, with the same transport stack a reader would need for its
 * protocol (so T=0 rules are exercised in-process too). A lock stands for the PC/SC transaction.
 */
public final class InProcessConnection implements CardConnection {
    private final InProcessTransport wire;
    private final CardTransport transport;
    private final boolean t0;
    private final String location;
    private final Runnable onClose;

    /**
     * @param t0 true if the card's ATR offers only T=0
     * @param onClose what to release when the connection closes (e.g. the card's folder)
     */
    public InProcessConnection(Icc card, boolean t0, String location, Runnable onClose) {
        this.wire = new InProcessTransport(card);
        this.t0 = t0;
        this.transport = t0 ? Transports.t0(wire) : Transports.standard(wire);
        this.location = location;
        this.onClose = onClose;
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
        }
    }

    @Override
    public void close() {
        transport.close();
        onClose.run();
    }

}

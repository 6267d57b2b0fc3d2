package io.github.eid4j.card;

import io.github.eid4j.apdu.pcsc.PcscCardTransport;
import io.github.eid4j.apdu.pcsc.PcscReaders;
import io.github.eid4j.apdu.pcsc.Protocol;
import io.github.eid4j.apdu.pcsc.ShareMode;
import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.apdu.transport.Transports;
import java.time.Duration;

/** A card in a PC/SC reader, shared with other programs, each operation in one PC/SC transaction. */
public final class PcscConnection implements CardConnection {
    private final PcscCardTransport card;
    private final CardTransport transport;

    private PcscConnection(PcscCardTransport card) {
        this.card = card;
        this.transport = Transports.forCard(card, card.atr(), card.protocol() == Protocol.T0);
    }

    /** The card in the reader, each command waiting for it at most the {@link CardTimeout#configured() configured} limit. */
    public static PcscConnection open(String readerName) throws EidException {
        return open(readerName, CardTimeout.configured());
    }

    /** The card in the reader, each command (and connecting) waiting for it at most {@code timeLimit}. */
    public static PcscConnection open(String readerName, Duration timeLimit) throws EidException {
        try {
            return new PcscConnection(PcscReaders.connect(readerName, ShareMode.SHARED, Protocol.ANY, timeLimit));
        } catch (TransportException e) {
            throw CardErrors.from(e);
        }
    }

    @Override
    public byte[] atr() {
        return card.atr();
    }

    @Override
    public boolean isT0() {
        return card.protocol() == Protocol.T0;
    }

    @Override
    public CardTransport transport() {
        return transport;
    }

    @Override
    public String location() {
        return "reader '" + card.readerName() + "'";
    }

    @Override
    public boolean mayHaveAuthenticated() {
        return card.mayHaveAuthenticated();
    }

    @Override
    public <T> T transact(CardWork<T> work) throws EidException {
        try (PcscCardTransport.Transaction tx = card.transaction()) {
            return work.run(transport);
        } catch (TransportException e) {
            throw CardErrors.from(e);
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}

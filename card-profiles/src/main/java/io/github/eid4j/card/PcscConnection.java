package io.github.eid4j.card;

import io.github.eid4j.apdu.pcsc.PcscCardTransport;
import io.github.eid4j.apdu.pcsc.PcscReaders;
import io.github.eid4j.apdu.pcsc.Protocol;
import io.github.eid4j.apdu.pcsc.ReaderFeature;
import io.github.eid4j.apdu.pcsc.ReaderFeatures;
import io.github.eid4j.apdu.pcsc.ShareMode;
import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.apdu.transport.Transports;
import java.util.Optional;
import java.util.OptionalInt;
import java.time.Duration;

/** A card in a PC/SC reader, shared with other programs, each operation in one PC/SC transaction. */
public final class PcscConnection implements CardConnection {
    private final PcscCardTransport card;
    private final ReaderFeatures features;
    private final CardTransport transport;

    private PcscConnection(PcscCardTransport card, ReaderFeatures features) {
        this.card = card;
        this.features = features;
        this.transport = Transports.forCard(card, card.atr(), card.protocol() == Protocol.T0);
    }

    /** The card in the reader, each command waiting for it at most the {@link CardTimeout#configured() configured} limit. */
    public static PcscConnection open(String readerName) throws EidException {
        return open(readerName, CardTimeout.configured());
    }

    /** The card in the reader, each command (and connecting) waiting for it at most {@code timeLimit}. */
    public static PcscConnection open(String readerName, Duration timeLimit) throws EidException {
        try {
            PcscCardTransport card = PcscReaders.connect(readerName, ShareMode.SHARED, Protocol.ANY, timeLimit);
            try {
                return new PcscConnection(card, card.features());
            } catch (TransportException e) {
                card.close();
                throw e;
            }
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

    /** What the reader can do beyond APDUs, as it said when the card was connected. */
    public ReaderFeatures readerFeatures() {
        return features;
    }

    @Override
    public Optional<PinPad> pinPad(Duration wait) {
        OptionalInt code = features.controlCode(ReaderFeature.VERIFY_PIN_DIRECT);
        return code.isEmpty() ? Optional.empty()
                : Optional.of(new PinPad(card::control, code.getAsInt(), (int) Math.min(255, Math.max(1, wait.toSeconds()))));
    }

    @Override
    public Optional<PaceReader> paceReader() {
        return PaceReader.of(features, card::control);
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

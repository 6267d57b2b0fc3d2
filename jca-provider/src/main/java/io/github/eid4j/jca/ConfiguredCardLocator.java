package io.github.eid4j.jca;

import io.github.eid4j.apdu.pcsc.PcscReader;
import io.github.eid4j.apdu.pcsc.PcscReaders;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardErrors;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.pkcs11bridge.Pkcs11Bridge;
import java.time.Duration;
import java.util.List;

/** Finds the card a {@link Eid4jConfiguration} names, through the token model's {@link EidCards}. */
final class ConfiguredCardLocator implements CardLocator {
    private final Eid4jConfiguration configuration;

    ConfiguredCardLocator(Eid4jConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public EidCard open(PinCallback pins) throws EidException {
        Duration timeLimit = configuration.cardTimeout();
        if (configuration.pkcs11() != null) {
            return Pkcs11Bridge.open(configuration.pkcs11(), configuration.pkcs11Token(), timeLimit);
        }
        if (configuration.virtual() != null) {
            return ofProfile(EidCards.openVirtual(configuration.virtual(), timeLimit, pins));
        }
        if (configuration.readerName() != null) {
            return ofProfile(EidCards.openReader(configuration.readerName(), timeLimit, pins));
        }
        if (configuration.readerIndex() >= 0) {
            return ofProfile(EidCards.openReader(readerAt(configuration.readerIndex()), timeLimit, pins));
        }
        if (configuration.profile() == null) {
            return EidCards.openFirst(timeLimit, pins);
        }
        return firstOfProfile(pins);
    }

    private static String readerAt(int index) throws EidException {
        List<PcscReader> readers = readers();
        if (index >= readers.size()) {
            throw new CardAccessException(CardAccessException.Reason.NO_READER, readers.isEmpty() ? "No card reader is connected."
                            : "There is no reader number " + index + "; " + readers.size() + " connected, numbered from 0.");
        }
        return readers.get(index).name();
    }

    private static List<PcscReader> readers() throws EidException {
        try {
            return PcscReaders.list();
        } catch (TransportException e) {
            throw CardErrors.from(e);
        }
    }

    /**
     * Like {@link EidCards#openFirst()}, but a card of another profile in one reader must not
     * hide the wanted card in the next one.
     */
    private EidCard firstOfProfile(PinCallback pins) throws EidException {
        List<PcscReader> readers = readers();
        if (readers.isEmpty()) {
            throw new CardAccessException(CardAccessException.Reason.NO_READER, "No card reader is connected.");
        }
        for (PcscReader reader : readers) {
            if (!reader.cardPresent()) {
                continue;
            }
            try {
                return ofProfile(EidCards.openReader(reader.name(), configuration.cardTimeout(), pins));
            } catch (CardAccessException e) {
                if (e.reason() != CardAccessException.Reason.UNSUPPORTED_CARD && e.reason() != CardAccessException.Reason.NO_CARD) {
                    throw e;
                }
            }
        }
        throw new CardAccessException(CardAccessException.Reason.NO_CARD, "There is no " + configuration.profile() + " card in any reader.");
    }

    private EidCard ofProfile(EidCard card) throws EidException {
        String wanted = configuration.profile();
        if (wanted == null || wanted.equals(card.identity().profile())) {
            return card;
        }
        String found = card.identity().toString();
        card.close();
        throw new CardAccessException(CardAccessException.Reason.UNSUPPORTED_CARD, "The card found (" + found + ") is not a " + wanted + " card.");
    }

    @Override
    public String describe() {
        return configuration.describe();
    }
}

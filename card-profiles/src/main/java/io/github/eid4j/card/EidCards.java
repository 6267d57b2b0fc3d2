package io.github.eid4j.card;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.pcsc.PcscReader;
import io.github.eid4j.apdu.pcsc.PcscReaders;
import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.apdu.transport.ReplayTransport;
import io.github.eid4j.apdu.transport.TransportException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Where an application gets its card: the first supported card in any reader, a named reader, a
 * virtual card, or a recorded session. Each command waits for the card at most a time limit: the
 * one given, else {@link CardTimeout#configured()}; a card that lets it pass fails with
 * {@link CardAccessException.Reason#NO_ANSWER}.
 */
public final class EidCards {
    /** For a caller that has nobody to ask: a card that needs its CAN opens only with a remembered one. */
    private static final PinCallback NO_ONE_TO_ASK = request -> {
        throw new CancelledPinEntryException();
    };

    private EidCards() {
    }

    /** Every card profile on the class path or module path. */
    public static List<CardProfile> profiles() {
        List<CardProfile> out = new ArrayList<>();
        ServiceLoader.load(CardProfile.class, EidCards.class.getClassLoader()).forEach(out::add);
        return out;
    }

    /**
     * Opens the card behind a connection with the first profile that recognises it.
     *
     * @throws CardAccessException UNSUPPORTED_CARD if no profile does (the connection is closed)
     */
    public static EidCard open(CardConnection connection) throws EidException {
        return open(connection, NO_ONE_TO_ASK);
    }

    /**
     * As {@link #open(CardConnection)}; a card behind PACE asks {@code pins} for its CAN, unless
     * one is remembered for it ({@link RememberedCans}).
     */
    public static EidCard open(CardConnection connection, PinCallback pins) throws EidException {
        try {
            for (CardProfile profile : profiles()) {
                if (profile.matchesAtr(connection.atr())) {
                    Optional<EidCard> card = profile.open(connection, pins);
                    if (card.isPresent()) {
                        return card.get();
                    }
                }
            }
        } catch (EidException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        throw new CardAccessException(CardAccessException.Reason.UNSUPPORTED_CARD, "The card in " + connection.location()
                + " is not a card eid4j supports (ATR " + Hex.spaced(connection.atr()) + ").");
    }

    /** The card in the named reader. */
    public static EidCard openReader(String readerName) throws EidException {
        return openReader(readerName, CardTimeout.configured());
    }

    /** The card in the named reader, each command waiting for it at most {@code timeLimit}. */
    public static EidCard openReader(String readerName, Duration timeLimit) throws EidException {
        return openReader(readerName, timeLimit, NO_ONE_TO_ASK);
    }

    /** As {@link #openReader(String, Duration)}, asking {@code pins} for a CAN. */
    public static EidCard openReader(String readerName, Duration timeLimit, PinCallback pins) throws EidException {
        return open(PcscConnection.open(readerName, timeLimit), pins);
    }

    /** The first supported card in any reader. */
    public static EidCard openFirst() throws EidException {
        return openFirst(CardTimeout.configured());
    }

    /**
     * The first supported card in any reader, each command waiting for it at most
     * {@code timeLimit}. A card that does not answer is passed over for a card in another
     * reader, and reported if there is none.
     */
    public static EidCard openFirst(Duration timeLimit) throws EidException {
        return openFirst(timeLimit, NO_ONE_TO_ASK);
    }

    /** As {@link #openFirst(Duration)}, asking {@code pins} for a CAN. */
    public static EidCard openFirst(Duration timeLimit, PinCallback pins) throws EidException {
        List<PcscReader> readers;
        try {
            readers = PcscReaders.list();
        } catch (TransportException e) {
            throw CardErrors.from(e);
        }
        if (readers.isEmpty()) {
            throw new CardAccessException(CardAccessException.Reason.NO_READER, "No card reader is connected.");
        }
        EidException unsupported = null;
        EidException silent = null;
        for (PcscReader reader : readers) {
            if (!reader.cardPresent()) {
                continue;
            }
            try {
                return openReader(reader.name(), timeLimit, pins);
            } catch (CardAccessException e) {
                if (e.reason() == CardAccessException.Reason.NO_ANSWER) {
                    silent = silent == null ? e : silent;
                } else if (e.reason() == CardAccessException.Reason.UNSUPPORTED_CARD || e.reason() == CardAccessException.Reason.NO_CARD) {
                    unsupported = e;
                } else {
                    throw e;
                }
            }
        }
        if (silent != null) {
            throw silent;
        }
        if (unsupported != null) {
            throw unsupported;
        }
        throw new CardAccessException(CardAccessException.Reason.NO_CARD, "There is no card in "
                + (readers.size() == 1 ? "reader '" + readers.get(0).name() + "'" : "any of the " + readers.size() + " readers") + ".");
    }

    /**
     * A recorded card session played back as the card it recorded (docs/recordings.md), for tests
     * and for reproducing what a user's card did.
     *
     * @param location how the card's identity names where it is, e.g. "recording 'status.apdu'"
     */
    public static EidCard openRecording(ReplayTransport recording, String location) throws EidException {
        return open(new InProcessConnection(recording, recording.isT0(), location));
    }

    /** A virtual card from ~/.eid4j/cards (or $EID4J_HOME/cards), in this process. */
    public static EidCard openVirtual(String name) throws EidException {
        return openVirtual(name, CardTimeout.configured());
    }

    /** A virtual card from ~/.eid4j/cards (or $EID4J_HOME/cards), in this process, each command waiting for it at most {@code timeLimit}. */
    public static EidCard openVirtual(String name, Duration timeLimit) throws EidException {
        return openVirtual(name, timeLimit, NO_ONE_TO_ASK);
    }

    /** As {@link #openVirtual(String, Duration)}, asking {@code pins} for a CAN. */
    public static EidCard openVirtual(String name, Duration timeLimit, PinCallback pins) throws EidException {
        return open(virtualConnection(name, null, timeLimit), pins);
    }

    /**
     * The connection to a virtual card of an eid4j home (null: the default one), in this process,
     * located as "virtual card 'name'", for a front end that keeps the connection beside the card
     * ({@link #open(CardConnection)} opens the card on it).
     *
     * @throws CardAccessException NO_CARD if there is no such card or it cannot be read
     */
    public static CardConnection virtualConnection(String name, Path home, Duration timeLimit) throws CardAccessException {
        VirtualCards.OpenCard open;
        try {
            open = (home == null ? VirtualCards.inDefaultHome() : new VirtualCards(home)).open(name);
        } catch (IOException | IllegalArgumentException e) {
            throw new CardAccessException(CardAccessException.Reason.NO_CARD, e.getMessage(), e);
        }
        return new InProcessConnection(open.card(), open.card().image().settings().t0(), "virtual card '" + name + "'", open::close,
                timeLimit);
    }
}

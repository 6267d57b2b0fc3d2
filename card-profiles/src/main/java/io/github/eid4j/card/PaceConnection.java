package io.github.eid4j.card;

import io.github.eid4j.apdu.pace.CardAccess;
import io.github.eid4j.apdu.pace.CardAccessFormatException;
import io.github.eid4j.apdu.pace.Pace;
import io.github.eid4j.apdu.pace.PaceException;
import io.github.eid4j.apdu.pace.PaceInfo;
import io.github.eid4j.apdu.pace.PaceProtocol;
import io.github.eid4j.apdu.pace.PacePassword;
import io.github.eid4j.apdu.pace.PacePasswordBlockedException;
import io.github.eid4j.apdu.pace.WrongPacePasswordException;
import io.github.eid4j.apdu.pcsc.ReaderPaceException;
import io.github.eid4j.apdu.sm.SecureMessaging;
import io.github.eid4j.apdu.sm.SmCipher;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.apdu.transport.Transports;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A connection whose every command travels under secure messaging, opened by PACE with the CAN:
 * the CAN remembered for the card's place ({@link RememberedCans}), else the one the user gives
 * when asked. Each answer is tried once: a wrong CAN ends the opening with one sentence and costs
 * no PIN try (the CAN never blocks). A reader that runs PACE itself ({@link PaceReader}) is given
 * the CAN and then protects the commands, which the host sends plain; the host runs PACE itself
 * when the reader has no PACE, or when the reader's fails before the card took part.
 */
public final class PaceConnection implements CardConnection {
    private static final System.Logger LOG = System.getLogger(PaceConnection.class.getName());

    private final CardConnection plain;
    /** The host's session; null when the reader keeps it. */
    private final SecureMessaging session;
    /** The reader that keeps the session; null when the host does. */
    private final PaceReader reader;
    private final CardTransport secured;
    private final int maxResponseData;

    private PaceConnection(CardConnection plain, SecureMessaging session) {
        this.plain = plain;
        this.session = session;
        this.reader = null;
        this.secured = Transports.secured(plain.transport(), session, false);
        this.maxResponseData = Math.min(plain.maxResponseData(), session.maxResponseData());
    }

    /** The reader protects the commands: the host's stack stays the plain one. */
    private PaceConnection(CardConnection plain, PaceReader reader, SmCipher cipher) {
        this.plain = plain;
        this.session = null;
        this.reader = reader;
        this.secured = plain.transport();
        this.maxResponseData = Math.min(plain.maxResponseData(), SecureMessaging.maxResponseData(cipher));
    }

    /**
     * Runs PACE with the CAN on a card that offers it, through the reader's PACE if it has one.
     *
     * @param can what the CAN is, as the card's dialogs name it
     * @return the protected connection, or empty if the card has no EF.CardAccess (no PACE)
     * @throws CanException no CAN was given, or the card refused it
     */
    public static Optional<PaceConnection> open(CardConnection plain, PinCallback pins, PinInfo can, RememberedCans remembered)
            throws EidException {
        return plain.transact(card -> {
            List<PaceInfo> cardAccess;
            try {
                cardAccess = CardAccess.parse(Pace.readCardAccess(card));
            } catch (PaceException | CardAccessFormatException e) {
                return Optional.empty();
            }
            Optional<char[]> known = remembered.find(plain.location());
            char[] value = known.isPresent() ? known.get() : ask(pins, can, plain.location());
            try {
                Optional<PaceReader> reader = plain.paceReader();
                if (reader.isPresent() && byReader(plain, reader.get(), value, known.isPresent())) {
                    return Optional.of(new PaceConnection(plain, reader.get(), cipher(cardAccess)));
                }
                try (PacePassword password = PacePassword.can(value)) {
                    return Optional.of(new PaceConnection(plain, Pace.establish(card, cardAccess, password)));
                } catch (WrongPacePasswordException e) {
                    throw wrongCan(e, known.isPresent(), plain.location());
                } catch (PacePasswordBlockedException e) {
                    throw new CanException(CanException.Reason.WRONG, e.getMessage());
                } catch (PaceException e) {
                    throw new CardAccessException(CardAccessException.Reason.CARD_ERROR, e.getMessage());
                }
            } finally {
                Arrays.fill(value, '\0');
            }
        });
    }

    /**
     * The reader's EstablishPACEChannel with the CAN: true once the reader holds the channel;
     * false if it failed before the card took part, so the host may run PACE itself.
     */
    private static boolean byReader(CardConnection plain, PaceReader reader, char[] can, boolean remembered)
            throws EidException, TransportException {
        try {
            reader.establishWithCan(can);
            return true;
        } catch (ReaderPaceException e) {
            if (e.wrongPassword()) {
                throw wrongCan(new WrongPacePasswordException(PacePassword.Type.CAN, OptionalInt.empty()), remembered, plain.location());
            }
            if (!e.beforeCard()) {
                throw new CardAccessException(CardAccessException.Reason.CARD_ERROR, e.getMessage());
            }
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1} The host runs PACE itself.", plain.location(), e.getMessage());
            return false;
        }
    }

    /** The same sentence whoever ran PACE, the host or the reader. */
    private static CanException wrongCan(WrongPacePasswordException e, boolean remembered, String location) {
        return new CanException(CanException.Reason.WRONG, e.getMessage()
                + (remembered ? " It is the CAN remembered for " + location + "; 'eid can forget' forgets it." : ""));
    }

    /** The cipher of the protocol the card is taken to run with the reader: the one the host would choose. */
    private static SmCipher cipher(List<PaceInfo> cardAccess) {
        return CardAccess.preferred(cardAccess).flatMap(PaceInfo::protocol).map(PaceProtocol::cipher).orElse(SmCipher.AES);
    }

    private static char[] ask(PinCallback pins, PinInfo can, String location) throws EidException {
        char[] value;
        try {
            value = pins.ask(new PinRequest(can, PinRequest.Step.CAN, -1));
        } catch (CancelledPinEntryException e) {
            throw new CanException(CanException.Reason.MISSING, "The card in " + location + " opens only with its CAN, the "
                    + can.rules().replace(" digits", "-digit") + " number printed on the front of the card, and none was given"
                    + " or remembered ('eid status --remember-can' asks for it and remembers it).");
        }
        if (value == null) {
            throw new CanException(CanException.Reason.MISSING, "No CAN was given for the card in " + location + ".");
        }
        try {
            can.checkFormat(value);
        } catch (PinFormatException e) {
            Arrays.fill(value, '\0');
            throw new CanException(CanException.Reason.WRONG, "The CAN is the " + can.rules().replace(" digits", "-digit")
                    + " number printed on the front of your card.");
        }
        return value;
    }

    @Override
    public byte[] atr() {
        return plain.atr();
    }

    @Override
    public boolean isT0() {
        return plain.isT0();
    }

    @Override
    public CardTransport transport() {
        return secured;
    }

    /** What one protected answer carries: less than a plain one (padding, tags and the MAC). */
    @Override
    public int maxResponseData() {
        return maxResponseData;
    }

    @Override
    public String location() {
        return plain.location();
    }

    /** PACE itself leaves the card in a state that must not outlive the connection. */
    @Override
    public boolean mayHaveAuthenticated() {
        return true;
    }

    @Override
    public <T> T transact(CardWork<T> work) throws EidException {
        return plain.transact(ignored -> work.run(secured));
    }

    /**
     * Ends the secure channel (its keys wiped) without closing the plain connection, for a
     * profile that gives the card up after PACE: whoever owns the plain connection closes it.
     */
    public void abandon() {
        if (session != null) {
            session.close();
        } else {
            reader.destroy();
        }
    }

    @Override
    public void close() {
        abandon(); // wipes the session keys, or has the reader drop them; the plain stack below closes the card
        plain.close();
    }
}

package io.github.eid4j.card;

import io.github.eid4j.apdu.pace.CardAccess;
import io.github.eid4j.apdu.pace.CardAccessFormatException;
import io.github.eid4j.apdu.pace.Pace;
import io.github.eid4j.apdu.pace.PaceException;
import io.github.eid4j.apdu.pace.PaceInfo;
import io.github.eid4j.apdu.pace.PacePassword;
import io.github.eid4j.apdu.pace.PacePasswordBlockedException;
import io.github.eid4j.apdu.pace.WrongPacePasswordException;
import io.github.eid4j.apdu.sm.SecureMessaging;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.apdu.transport.Transports;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A connection whose every command travels under secure messaging, opened by PACE with the CAN:
 * the CAN remembered for the card's place ({@link RememberedCans}), else the one the user gives
 * when asked. Each answer is tried once: a wrong CAN ends the opening with one sentence and costs
 * no PIN try (the CAN never blocks).
 */
public final class PaceConnection implements CardConnection {
    private final CardConnection plain;
    private final SecureMessaging session;
    private final CardTransport secured;

    private PaceConnection(CardConnection plain, SecureMessaging session) {
        this.plain = plain;
        this.session = session;
        this.secured = Transports.secured(plain.transport(), session, false);
    }

    /**
     * Runs PACE with the CAN on a card that offers it.
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
            try (PacePassword password = PacePassword.can(value)) {
                return Optional.of(new PaceConnection(plain, Pace.establish(card, cardAccess, password)));
            } catch (WrongPacePasswordException e) {
                throw new CanException(CanException.Reason.WRONG, e.getMessage()
                        + (known.isPresent() ? " It is the CAN remembered for " + plain.location() + "; 'eid can forget' forgets it." : ""));
            } catch (PacePasswordBlockedException e) {
                throw new CanException(CanException.Reason.WRONG, e.getMessage());
            } catch (PaceException e) {
                throw new CardAccessException(CardAccessException.Reason.CARD_ERROR, e.getMessage());
            } finally {
                Arrays.fill(value, '\0');
            }
        });
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
        return Math.min(plain.maxResponseData(), session.maxResponseData());
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
        session.close();
    }

    @Override
    public void close() {
        session.close(); // wipes the session keys; the plain stack below closes the card
        plain.close();
    }
}

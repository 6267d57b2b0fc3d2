package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.BlockedPinException;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.CardNotActivatedException;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinChangeRequiredException;
import io.github.eid4j.card.PinFormatException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinPad;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.PinStatus;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The PIN commands of ISO/IEC 7816-4 as a user goes through them: the state is read first (no
 * try is spent on a blocked or empty PIN, and the prompt shows the tries left), each value is
 * checked against the PIN's rules before the card sees it, a new PIN is asked twice, and every
 * PIN, block and command is wiped once the card has answered. A profile gives its status query,
 * its PIN block and the sentence that tells the user what to do with a blocked PIN; a card with
 * more rules (a PIN that must be changed before use) overrides {@link #refuseUnusable}.
 */
public class PinFlows {
    private final PinStatusQuery statusQuery;
    /** The reader's own answers to a PIN pad command (PC/SC part 10): nobody typed in time, or the user pressed Cancel. */
    private static final int PIN_PAD_TIMEOUT = 0x6400;
    private static final int PIN_PAD_CANCEL = 0x6401;

    private final PinBlockFormat block;
    private final Function<PinInfo, String> whenBlocked;

    /**
     * @param whenBlocked what to do when this PIN is blocked, e.g. "unblock it with 'eid unblock
     *     pin1' and the PUK from your letter."
     */
    public PinFlows(PinStatusQuery statusQuery, PinBlockFormat block, Function<PinInfo, String> whenBlocked) {
        this.statusQuery = statusQuery;
        this.block = block;
        this.whenBlocked = whenBlocked;
    }

    public PinStatus status(CardTransport card, PinInfo pin) throws TransportException, EidException {
        return statusQuery.read(card, pin);
    }

    public String whenBlocked(PinInfo pin) {
        return whenBlocked.apply(pin);
    }

    /**
     * Refuses a PIN the card would refuse anyway, before the user types it: one with no value
     * yet, a blocked one.
     */
    protected void refuseUnusable(PinInfo pin, PinStatus status) throws EidException {
        if (!status.isActivated()) {
            throw new CardNotActivatedException(pin.label());
        }
        if (status.isBlocked()) {
            throw new BlockedPinException(pin.label(), whenBlocked(pin));
        }
    }

    /** VERIFY: asks for the PIN (showing the tries left) and has the card compare it. */
    public void verify(CardTransport card, PinInfo pin, PinCallback pins) throws TransportException, EidException {
        verify(card, pin, pins, null);
    }

    /**
     * VERIFY with the PIN's state already known on this connection (the card's last word about
     * it), or null to ask the card first.
     *
     * @return the state the PIN had before this VERIFY
     */
    public PinStatus verify(CardTransport card, PinInfo pin, PinCallback pins, PinStatus known) throws TransportException, EidException {
        PinStatus status = known != null ? known : status(card, pin);
        refuseUnusable(pin, status);
        if (status.isChangeRequired()) {
            throw new PinChangeRequiredException();
        }
        if (pins instanceof PinPad pad) {
            verifyOnPinPad(card, pin, pad);
            return status;
        }
        char[] value = pins.ask(new PinRequest(pin, PinRequest.Step.CURRENT, status.triesLeft()));
        byte[] data = null;
        try {
            pin.checkFormat(value);
            data = block.encode(value);
            try (CommandApdu verify = IsoCommands.verify(pin.reference(), data)) {
                CardAnswers.checkPin(card.transmit(verify), pin, whenBlocked(pin), "verify " + pin.label());
            }
            return status;
        } finally {
            wipe(value, null, data);
        }
    }

    /**
     * VERIFY with the PIN typed on the reader's keypad: the command goes to the reader with its
     * PIN block all padding, and the reader writes the digits in. The card's answer is read as
     * for a typed PIN (a wrong PIN with its tries left, a blocked one with its remedy).
     */
    private void verifyOnPinPad(CardTransport card, PinInfo pin, PinPad pad) throws TransportException, EidException {
        byte[] template = block.encode(new char[0]);
        try (CommandApdu verify = IsoCommands.verify(pin.reference(), template)) {
            ResponseApdu answer = ResponseApdu.parse(pad.verify(block.pinPadEntry(pin), verify.toBytes()));
            if (answer.sw() == PIN_PAD_TIMEOUT || answer.sw() == PIN_PAD_CANCEL) {
                throw new CancelledPinEntryException();
            }
            CardAnswers.checkPin(answer, pin, whenBlocked(pin), "verify " + pin.label() + " on the reader's keypad");
        }
    }

    /** CHANGE REFERENCE DATA: the current PIN, then the new one twice. */
    public void change(CardTransport card, PinInfo pin, PinCallback pins) throws TransportException, EidException {
        PinStatus status = status(card, pin);
        refuseUnusable(pin, status);
        char[] old = pins.ask(new PinRequest(pin, PinRequest.Step.CURRENT, status.triesLeft()));
        try {
            sendWithNewPin(card, pin, pin, old, pins, IsoCommands::changeReferenceData, "change " + pin.label());
        } finally {
            wipe(old, null, null);
        }
    }

    /**
     * RESET RETRY COUNTER with P1=00: the unblocking code, then the new PIN (asked twice). The
     * code is asked unless {@code givenPuk} holds it already (one code that sets several PINs);
     * a given code stays the caller's to wipe.
     */
    public void resetRetryCounter(CardTransport card, PinInfo pin, PinInfo puk, PinCallback pins, char[] givenPuk)
            throws TransportException, EidException {
        char[] code = givenPuk;
        if (code == null) {
            PinStatus status = status(card, puk);
            if (status.isBlocked()) {
                throw new BlockedPinException(puk.label(), whenBlocked(puk));
            }
            code = pins.ask(new PinRequest(pin, PinRequest.Step.PUK, status.triesLeft()));
        }
        try {
            sendWithNewPin(card, pin, puk, code, pins, IsoCommands::resetRetryCounter, "set " + pin.label());
        } finally {
            wipe(givenPuk == null ? code : null, null, null);
        }
    }

    /** A command whose data is a code the card compares, then the new value of the PIN. */
    @FunctionalInterface
    private interface NewPinCommand {
        CommandApdu of(int reference, byte[] codeThenNew);
    }

    /**
     * Checks the code ({@code checked}'s value), asks for the new PIN twice, and sends both; the
     * card's answer is about the code it compared. The code stays the caller's to wipe.
     */
    private void sendWithNewPin(CardTransport card, PinInfo pin, PinInfo checked, char[] code, PinCallback pins,
            NewPinCommand command, String step) throws TransportException, EidException {
        char[] fresh = null;
        byte[] data = null;
        try {
            checked.checkFormat(code);
            fresh = askNew(pin, pins);
            data = block.encode(code, fresh);
            try (CommandApdu apdu = command.of(pin.reference(), data)) {
                CardAnswers.checkPin(card.transmit(apdu), checked, whenBlocked(checked), step);
            }
        } finally {
            wipe(null, fresh, data);
        }
    }

    /** Asks for a new PIN twice and checks it against the rules before the card sees it. */
    public static char[] askNew(PinInfo pin, PinCallback pins) throws EidException {
        char[] first = pins.ask(new PinRequest(pin, PinRequest.Step.NEW, -1));
        char[] second = null;
        try {
            pin.checkFormat(first);
            second = pins.ask(new PinRequest(pin, PinRequest.Step.NEW_AGAIN, -1));
            if (!Arrays.equals(first, second)) {
                throw new PinFormatException("The two new " + pin.label() + " entries differ; nothing was changed.");
            }
            return first;
        } catch (EidException | RuntimeException e) {
            Arrays.fill(first, '\0');
            throw e;
        } finally {
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    private static void wipe(char[] a, char[] b, byte[] c) {
        if (a != null) {
            Arrays.fill(a, '\0');
        }
        if (b != null) {
            Arrays.fill(b, '\0');
        }
        if (c != null) {
            Arrays.fill(c, (byte) 0);
        }
    }
}

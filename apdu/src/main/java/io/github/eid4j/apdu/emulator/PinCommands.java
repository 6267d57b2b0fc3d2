package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.StatusWord;
import java.util.Arrays;

/**
 * VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER (ISO 7816-4 §7.5). The order inside
 * each command is what makes a card safe: format checks that cost no try come first; then the
 * try counter is decremented and made durable; only then is the secret compared, in constant
 * time; success restores the counter.
 */
final class PinCommands {
    private final CardImage image;
    private final VirtualCard card;

    PinCommands(CardImage image, VirtualCard card) {
        this.image = image;
        this.card = card;
    }

    byte[] verify(CommandApdu c) throws CardStatusException {
        ReferenceData pin = referenced(c.p2());
        VolatileState s = card.session();
        if (c.p1() == 0xFF) {
            if (c.nc() != 0) {
                throw new CardStatusException(StatusWord.WRONG_LENGTH);
            }
            s.verified.remove(pin.reference());
            return new byte[0];
        }
        if (c.p1() != 0x00) {
            throw new CardStatusException(StatusWord.INCORRECT_P1_P2);
        }
        byte[] data = c.data();
        try {
            if (data.length == 0) {
                return statusQuery(pin);
            }
            usable(pin);
            refuseWhileAwaitingChange(pin);
            if (data.length != pin.format().blockLength()) {
                throw new CardStatusException(StatusWord.WRONG_LENGTH);
            }
            check(pin, data, 0);
            s.verified.add(pin.reference());
            return new byte[0];
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /** Empty VERIFY: the card's status answer, which never costs a try. */
    private byte[] statusQuery(ReferenceData pin) throws CardStatusException {
        if (image.settings().emptyVerify() == CardSettings.EmptyVerify.WRONG_LENGTH) {
            throw new CardStatusException(StatusWord.WRONG_LENGTH);
        }
        usable(pin);
        refuseWhileAwaitingChange(pin);
        if (card.session().verified.contains(pin.reference())) {
            return new byte[0];
        }
        throw new CardStatusException(StatusWord.wrongPin(pin.triesLeft()));
    }

    byte[] changeReferenceData(CommandApdu c) throws CardStatusException {
        ReferenceData pin = referenced(c.p2());
        int block = pin.format().blockLength();
        byte[] data = c.data();
        try {
            boolean withOld;
            if (c.p1() == 0x00) {
                withOld = true;
            } else if (c.p1() == 0x01) {
                withOld = false;
                if (!pin.changeWithoutOldAllowed() || !card.session().verified.contains(pin.reference())) {
                    throw new CardStatusException(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
                }
            } else {
                throw new CardStatusException(StatusWord.INCORRECT_P1_P2);
            }
            usable(pin);
            if (data.length != (withOld ? 2 * block : block)) {
                throw new CardStatusException(StatusWord.WRONG_LENGTH);
            }
            int newAt = withOld ? block : 0;
            requireAcceptable(pin, data, newAt);
            if (withOld) {
                check(pin, data, 0);
            }
            String before = pin.durableState();
            pin.setBlock(data, newAt);
            pin.restoreTries();
            persistOrUndo(pin, before);
            card.session().verified.add(pin.reference());
            return new byte[0];
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /**
     * P1=00: PUK and new PIN; 01: PUK only (unblock); 02: new PIN only, after the PUK was
     * verified; 03: nothing, after the PUK was verified. On a PIN that has no value yet, P1=00
     * is the activation: the activation code (the PUK) sets the first PIN.
     */
    byte[] resetRetryCounter(CommandApdu c) throws CardStatusException {
        ReferenceData pin = referenced(c.p2());
        if (c.p1() > 0x03) {
            throw new CardStatusException(StatusWord.INCORRECT_P1_P2);
        }
        ReferenceData puk = pin.unblockingReference() < 0 ? null : image.pin(pin.unblockingReference());
        if (puk == null) {
            throw new CardStatusException(StatusWord.CONDITIONS_OF_USE_NOT_SATISFIED);
        }
        boolean pukInData = c.p1() == 0x00 || c.p1() == 0x01;
        boolean newInData = c.p1() == 0x00 || c.p1() == 0x02;
        int pukLength = pukInData ? puk.format().blockLength() : 0;
        int newLength = newInData ? pin.format().blockLength() : 0;
        byte[] data = c.data();
        try {
            if (data.length != pukLength + newLength) {
                throw new CardStatusException(StatusWord.WRONG_LENGTH);
            }
            if (!newInData && !pin.hasValue()) {
                throw new CardStatusException(StatusWord.REFERENCE_DATA_NOT_USABLE);
            }
            if (newInData) {
                requireAcceptable(pin, data, pukLength);
            }
            if (pukInData) {
                usable(puk);
                check(puk, data, 0);
            } else if (!card.session().verified.contains(puk.reference())) {
                throw new CardStatusException(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
            }
            String before = pin.durableState();
            if (newInData) {
                pin.setBlock(data, pukLength);
            }
            pin.restoreTries();
            persistOrUndo(pin, before);
            return new byte[0];
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private ReferenceData referenced(int reference) throws CardStatusException {
        ReferenceData pin = image.pin(reference);
        if (pin == null) {
            throw new CardStatusException(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        return pin;
    }

    private static void usable(ReferenceData pin) throws CardStatusException {
        if (!pin.hasValue()) {
            throw new CardStatusException(StatusWord.REFERENCE_DATA_NOT_USABLE);
        }
        if (pin.isBlocked()) {
            throw new CardStatusException(StatusWord.AUTHENTICATION_METHOD_BLOCKED);
        }
    }

    /**
     * An issuer's PIN that must be changed first is refused before it is compared, so VERIFY
     * neither spends a try nor tells whether the value was right; 6985 is eid4j's choice, as no
     * recorded card shows what a real one answers.
     */
    private static void refuseWhileAwaitingChange(ReferenceData pin) throws CardStatusException {
        if (pin.awaitsChange()) {
            throw new CardStatusException(StatusWord.CONDITIONS_OF_USE_NOT_SATISFIED);
        }
    }

    /** A new PIN must be well formed and within the card's length rules (no try is spent on it). */
    private static void requireAcceptable(ReferenceData pin, byte[] data, int offset) throws CardStatusException {
        int digits = pin.format().digitCount(data, offset);
        if (digits < pin.minLength() || digits > pin.maxLength()) {
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        }
    }

    /**
     * Decrement, make durable, compare, restore: the order a card must keep. A refused write of the
     * decrement keeps it in memory (a failure never gives a try back); a refused write of the
     * restore puts the counter back to the decremented value that was kept.
     */
    private void check(ReferenceData pin, byte[] data, int offset) throws CardStatusException {
        pin.decrement();
        card.persist();
        if (!pin.matches(data, offset)) {
            throw new CardStatusException(StatusWord.wrongPin(pin.triesLeft()));
        }
        if (pin.triesLeft() != pin.maxTries()) {
            String before = pin.durableState();
            pin.restoreTries();
            persistOrUndo(pin, before);
        }
    }

    /**
     * Makes a change to the PIN durable; if the memory refuses it (6581), the PIN goes back to
     * what it was, so that a change the card reported as failed is not in effect for the rest
     * of the session, nor written by the next command that persists.
     */
    private void persistOrUndo(ReferenceData pin, String before) throws CardStatusException {
        try {
            card.persist();
        } catch (CardStatusException e) {
            pin.restoreDurableState(before);
            throw e;
        }
    }
}

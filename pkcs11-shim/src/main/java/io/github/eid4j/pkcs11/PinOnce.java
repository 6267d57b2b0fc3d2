package io.github.eid4j.pkcs11;

import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import java.util.Arrays;

/**
 * Hands the PIN an application gave to C_Login to the token model, once, and only for the PIN it
 * was given for; any other question (a new PIN, a PUK, a second try) is answered with a cancel.
 * The model wipes the copy it gets; {@link #wipe} clears what was not used.
 */
final class PinOnce implements PinCallback, AutoCloseable {
    private final PinInfo pin;
    private char[] value;

    /** Takes ownership of {@code value}. */
    PinOnce(PinInfo pin, char[] value) {
        this.pin = pin;
        this.value = value;
    }

    /** A callback with no PIN: for operations the card should do on an earlier verification. */
    static PinOnce none(PinInfo pin) {
        return new PinOnce(pin, null);
    }

    @Override
    public synchronized char[] ask(PinRequest request) throws CancelledPinEntryException {
        if (value == null || request.step() != PinRequest.Step.CURRENT || request.pin() != pin) {
            throw new CancelledPinEntryException();
        }
        char[] given = value;
        value = null;
        return given;
    }

    synchronized void wipe() {
        if (value != null) {
            Arrays.fill(value, '\0');
            value = null;
        }
    }

    @Override
    public void close() {
        wipe();
    }
}

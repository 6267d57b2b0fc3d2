package io.github.eid4j.card;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A PIN a front end was given (PKCS#11 C_Login, a JCA KeyStore password), answered the first time
 * the card asks for that PIN and then forgotten: the driver wipes the array it is handed, and
 * {@link #wipe()} clears it if it was never asked for. Any other request (another PIN, a new PIN,
 * a PUK, a second try) goes to the fallback, which by default cancels.
 */
public final class OneTimePin implements PinCallback, AutoCloseable {
    private static final PinCallback CANCEL = request -> {
        throw new CancelledPinEntryException();
    };

    private final String label;
    private final AtomicReference<char[]> value;
    private final PinCallback fallback;

    /**
     * @param pin the PIN the value answers (matched by its label: a card names each PIN differently)
     * @param value owned from here on: handed to the card, or wiped; null for none
     */
    public OneTimePin(PinInfo pin, char[] value, PinCallback fallback) {
        this.label = pin == null ? null : pin.label();
        this.value = new AtomicReference<>(value);
        this.fallback = fallback;
    }

    /** For a single verification: nothing to fall back on. Takes ownership of {@code value}. */
    public static OneTimePin only(PinInfo pin, char[] value) {
        return new OneTimePin(pin, value, CANCEL);
    }

    /** No PIN at all: for operations the card does on an earlier verification. */
    public static OneTimePin none() {
        return new OneTimePin(null, null, CANCEL);
    }

    @Override
    public char[] ask(PinRequest request) throws CancelledPinEntryException {
        if (request.step() == PinRequest.Step.CURRENT && request.pin().label().equals(label)) {
            char[] pin = value.getAndSet(null);
            if (pin != null) {
                return pin;
            }
        }
        return fallback.ask(request);
    }

    /** Clears the value if the card never asked for it. */
    public void wipe() {
        char[] pin = value.getAndSet(null);
        if (pin != null) {
            Arrays.fill(pin, '\0');
        }
    }

    @Override
    public void close() {
        wipe();
    }
}

package io.github.eid4j.jca;

import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.PinRequest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A PIN the application gave as a password (KeyStore.load, KeyStore.getKey), answered the first
 * time the card asks for that PIN and then forgotten: the driver wipes the array it is given, and
 * {@link #wipe()} clears it if it was never asked for. Any other request goes to the fallback.
 */
final class OneTimePin implements PinCallback {
    private final String label;
    private final AtomicReference<char[]> value;
    private final PinCallback fallback;

    /** @param value copied; the caller keeps and wipes its own array */
    OneTimePin(String label, char[] value, PinCallback fallback) {
        this.label = label;
        this.value = new AtomicReference<>(value.clone());
        this.fallback = fallback;
    }

    /** For a single verification: nothing to fall back on. */
    static OneTimePin only(String label, char[] value) {
        return new OneTimePin(label, value, request -> {
            throw new CancelledPinEntryException();
        });
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

    void wipe() {
        char[] pin = value.getAndSet(null);
        if (pin != null) {
            Arrays.fill(pin, '\0');
        }
    }
}

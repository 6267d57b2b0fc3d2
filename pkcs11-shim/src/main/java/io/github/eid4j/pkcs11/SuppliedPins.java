package io.github.eid4j.pkcs11;

import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.PinRequest;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The values an application gave to C_SetPIN or C_InitPIN, for the token model's PIN change or
 * unblock: each step (CURRENT, PUK, NEW, NEW_AGAIN) answered once, with a copy the model wipes;
 * any other question, or a step asked twice, is a cancel. {@link #wipe} clears what is left.
 */
final class SuppliedPins implements PinCallback, AutoCloseable {
    private final Map<PinRequest.Step, char[]> answers = new EnumMap<>(PinRequest.Step.class);

    /** Answers {@code step} with a copy of {@code value}; the caller keeps (and wipes) its own. */
    SuppliedPins answer(PinRequest.Step step, char[] value) {
        answers.put(step, value.clone());
        return this;
    }

    @Override
    public synchronized char[] ask(PinRequest request) throws CancelledPinEntryException {
        char[] value = answers.remove(request.step());
        if (value == null) {
            throw new CancelledPinEntryException();
        }
        return value;
    }

    synchronized void wipe() {
        for (char[] v : answers.values()) {
            Arrays.fill(v, '\0');
        }
        answers.clear();
    }

    @Override
    public void close() {
        wipe();
    }
}

package io.github.eid4j.card;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A user who types prepared answers, and a record of what was asked. */
public final class ScriptedPins implements PinCallback {
    private final Deque<String> answers = new ArrayDeque<>();
    public final List<PinRequest> asked = new ArrayList<>();

    public static ScriptedPins answering(String... values) {
        ScriptedPins pins = new ScriptedPins();
        pins.answers.addAll(List.of(values));
        return pins;
    }

    @Override
    public char[] ask(PinRequest request) throws CancelledPinEntryException {
        asked.add(request);
        if (answers.isEmpty()) {
            throw new CancelledPinEntryException();
        }
        return answers.removeFirst().toCharArray();
    }

    public boolean allUsed() {
        return answers.isEmpty();
    }
}

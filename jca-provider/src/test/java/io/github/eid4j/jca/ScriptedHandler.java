package io.github.eid4j.jca;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

/** A user behind a CallbackHandler: types prepared answers (null: cancels), and every prompt is recorded. */
public final class ScriptedHandler implements CallbackHandler {
    public final List<String> prompts = new ArrayList<>();
    /** The CAN prompts, kept apart: the tests count PIN prompts. */
    public final List<String> canPrompts = new ArrayList<>();
    private final Deque<String> answers = new ArrayDeque<>();
    private boolean byPin;
    private boolean unsupported;

    /** Answers in order; when they run out, cancels. */
    static ScriptedHandler answering(String... pins) {
        ScriptedHandler h = new ScriptedHandler();
        h.answers.addAll(List.of(pins));
        return h;
    }

    /** Always knows the right PIN: 1234 when asked for PIN1, 123456 for PIN2 and for the Luxembourg card's one PIN. */
    public static ScriptedHandler knowingPins() {
        ScriptedHandler h = new ScriptedHandler();
        h.byPin = true;
        return h;
    }

    /** A handler for other callbacks only: it cannot ask for passwords. */
    static ScriptedHandler withoutPasswords() {
        ScriptedHandler h = new ScriptedHandler();
        h.unsupported = true;
        return h;
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback c : callbacks) {
            if (unsupported || !(c instanceof PasswordCallback)) {
                throw new UnsupportedCallbackException(c);
            }
            PasswordCallback pc = (PasswordCallback) c;
            String answer;
            if (pc.getPrompt().startsWith("CAN")) {
                canPrompts.add(pc.getPrompt());
                pc.setPassword(TestCards.LUXEMBOURG_CAN.toCharArray()); // the number printed on the card, asked before any PIN
                continue;
            }
            prompts.add(pc.getPrompt());
            if (byPin) {
                answer = pc.getPrompt().startsWith("PIN1") ? TestCards.PIN1 : pc.getPrompt().startsWith("PIN2") ? TestCards.PIN2
                        : pc.getPrompt().startsWith("PIN (") ? TestCards.LUXEMBOURG_PIN : null;
            } else {
                answer = answers.isEmpty() ? null : answers.removeFirst();
            }
            pc.setPassword(answer == null ? null : answer.toCharArray());
        }
    }

    int count(String pinLabel) {
        return (int) prompts.stream().filter(p -> p.startsWith(pinLabel)).count();
    }
}

package io.github.eid4j.cli;

import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinEntryCancelledException;
import io.github.eid4j.card.PinRequest;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * Asks for PINs on the terminal without echo; when standard input is not a terminal (a script),
 * reads one line per PIN from it, so that {@code printf '1234\n' | eid ...} works. Nothing typed
 * is ever printed or logged. It answers the token model ({@link PinCallback}) and JCA providers
 * ({@link CallbackHandler}) alike.
 */
final class TerminalPins implements PinCallback, CallbackHandler {
    private final PrintWriter prompts;
    private BufferedReader stdin;

    TerminalPins(PrintWriter prompts) {
        this.prompts = prompts;
    }

    @Override
    public char[] ask(PinRequest request) throws PinEntryCancelledException {
        char[] typed = read(request.prompt());
        if (typed == null) {
            throw new PinEntryCancelledException();
        }
        return typed;
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (!(callback instanceof PasswordCallback)) {
                throw new UnsupportedCallbackException(callback);
            }
            PasswordCallback password = (PasswordCallback) callback;
            password.setPassword(read(password.getPrompt()));
        }
    }

    /** The typed value, or null when the user ends the input. */
    private char[] read(String prompt) {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            return console.readPassword("%s: ", prompt);
        }
        prompts.println(prompt + ": (reading from standard input)");
        prompts.flush();
        try {
            if (stdin == null) {
                stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            }
            String line = stdin.readLine();
            return line == null ? null : line.strip().toCharArray();
        } catch (IOException e) {
            return null;
        }
    }

    /** Java 22+ tells whether the console is a real terminal; before that, a console means one. */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}

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

/**
 * Asks for PINs on the terminal without echo; when standard input is not a terminal (a script),
 * reads one line per PIN from it, so that `printf '1234\n' | eid ...` works. Nothing typed is
 * ever printed or logged.
 */
final class TerminalPins implements PinCallback {
    private final PrintWriter prompts;
    private BufferedReader stdin;

    TerminalPins(PrintWriter prompts) {
        this.prompts = prompts;
    }

    @Override
    public char[] ask(PinRequest request) throws PinEntryCancelledException {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            char[] typed = console.readPassword("%s: ", request.prompt());
            if (typed == null) {
                throw new PinEntryCancelledException();
            }
            return typed;
        }
        prompts.println(request.prompt() + ": (reading from standard input)");
        prompts.flush();
        try {
            if (stdin == null) {
                stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            }
            String line = stdin.readLine();
            if (line == null) {
                throw new PinEntryCancelledException();
            }
            return line.strip().toCharArray();
        } catch (IOException e) {
            throw new PinEntryCancelledException();
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

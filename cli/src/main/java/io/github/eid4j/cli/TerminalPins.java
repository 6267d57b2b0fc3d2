package io.github.eid4j.cli;

import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinCharacters;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.PinRequest;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * Asks for PINs on the terminal without echo; when standard input is not a terminal (a script),
 * reads one line per PIN from it, so that {@code printf '1234\n' | eid ...} works. Nothing typed
 * is ever printed or logged. It answers the token model ({@link PinCallback}) and JCA providers
 * ({@link CallbackHandler}) alike.
 *
 * <p>A piped line is read a byte at a time from the standard input's file descriptor itself,
 * into an array that is wiped: System.in and a Reader would keep the PIN in their buffers (and
 * read ahead into the next one), and a String would keep it until the collector reuses it.
 */
final class TerminalPins implements PinCallback, CallbackHandler {
    /** Never closed: it is the process's standard input. */
    private static final InputStream STDIN = new FileInputStream(FileDescriptor.in);
    private static final int MAX_LINE = 1024;

    private final PrintWriter prompts;

    TerminalPins(PrintWriter prompts) {
        this.prompts = prompts;
    }

    @Override
    public char[] ask(PinRequest request) throws CancelledPinEntryException {
        char[] typed = read(request.prompt());
        if (typed == null) {
            throw new CancelledPinEntryException();
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
            char[] typed = read(password.getPrompt());
            password.setPassword(typed); // a copy, which the provider clears
            if (typed != null) {
                Arrays.fill(typed, '\0');
            }
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
            return readLine(STDIN);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * One line without its end and the white space around it, as characters; null at the end of
     * the input. Only that line is consumed. A line longer than any PIN is cut at
     * {@value #MAX_LINE} bytes, which no PIN rule accepts.
     */
    static char[] readLine(InputStream in) throws IOException {
        byte[] line = new byte[MAX_LINE];
        try {
            int n = 0;
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (n < line.length) {
                    line[n++] = (byte) b;
                }
            }
            if (b < 0 && n == 0) {
                return null;
            }
            int start = 0;
            while (start < n && (line[start] & 0xFF) <= ' ') {
                start++;
            }
            while (n > start && (line[n - 1] & 0xFF) <= ' ') {
                n--;
            }
            return PinCharacters.fromUtf8(line, start, n - start);
        } finally {
            Arrays.fill(line, (byte) 0);
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

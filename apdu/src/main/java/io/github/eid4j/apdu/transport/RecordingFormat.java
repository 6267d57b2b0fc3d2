package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.SecretCommands;
import io.github.eid4j.apdu.StatusWord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of an APDU recording (docs/recordings.md), written by {@link TracingTransport} and
 * read by {@link ApduRecording}: {@code ATR} and {@code PROTOCOL} when a card is connected,
 * {@code >} a command and {@code <} its response in hex, {@code #} a comment. The data of a
 * command that carries a secret, and the answer that is one, are written as their length
 * ({@code [12 bytes redacted]}), which a replay accepts for any data of that length.
 */
final class RecordingFormat {
    static final String ATR = "ATR";
    static final String PROTOCOL = "PROTOCOL";
    static final String T0 = "T=0";
    static final String T1 = "T=1";
    static final char COMMAND = '>';
    static final char RESPONSE = '<';
    static final char COMMENT = '#';
    static final String FAILED = "failed:";
    /** Marks the plain APDUs of a secure channel: comments, so that a replay sees only the wire. */
    static final String PROTECTED = COMMENT + " protected ";
    private static final Pattern REDACTED = Pattern.compile("\\[(\\d+) bytes redacted\\]");

    private RecordingFormat() {
    }

    static String atrLine(byte[] atr) {
        return ATR + " " + Hex.spaced(atr);
    }

    static String protocolLine(boolean t0) {
        return PROTOCOL + " " + (t0 ? T0 : T1);
    }

    static String commandLine(byte[] command) {
        return COMMAND + " " + command(command);
    }

    /**
     * The response, its data redacted if {@code secret}, then a comment with what its status
     * word means and how long the card took.
     */
    static String responseLine(boolean secret, byte[] response, long nanos) {
        long micros = nanos / 1000;
        String took = micros / 1000 + "." + (micros % 1000) / 100 + " ms";
        if (response.length < 2) {
            return RESPONSE + " " + Hex.spaced(response) + "  " + COMMENT + " not a response APDU, in " + took;
        }
        StatusWord sw = StatusWord.of(response[response.length - 2] & 0xFF, response[response.length - 1] & 0xFF);
        int dataLength = response.length - 2;
        String written = secret && dataLength > 0
                ? redacted(dataLength) + " " + Hex.spaced(response, dataLength, response.length)
                : Hex.spaced(response);
        return RESPONSE + " " + written + "  " + COMMENT + " " + sw + " in " + took;
    }

    static String failureLine(String message) {
        return RESPONSE + " " + FAILED + " " + message;
    }

    /** The command as hex, with the data field of a secret-bearing command replaced by its length. */
    static String command(byte[] command) {
        if (command.length <= 5 || !SecretCommands.carriesSecret(command)) {
            return Hex.spaced(command);
        }
        // Keep the header and the first length byte; everything after may be secret.
        return Hex.spaced(command, 0, 5) + " " + redacted(command.length - 5);
    }

    private static String redacted(int length) {
        return "[" + length + " bytes redacted]";
    }

    /**
     * Hex that may hold one "[n bytes redacted]" after its leading bytes: {@code bytes} before it,
     * {@code redacted} its n (-1 if there is none), {@code after} the bytes after it.
     */
    record Hexes(byte[] bytes, int redacted, byte[] after) {
        static Hexes parse(String text) {
            Matcher m = REDACTED.matcher(text);
            if (!m.find()) {
                return new Hexes(Hex.decode(text), -1, new byte[0]);
            }
            return new Hexes(Hex.decode(text.substring(0, m.start())), Integer.parseInt(m.group(1)), Hex.decode(text.substring(m.end())));
        }
    }

    /** The line without a trailing comment. */
    static String withoutComment(String line) {
        int hash = line.indexOf(COMMENT);
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }
}

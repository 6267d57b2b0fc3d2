package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.ApduFormatException;
import io.github.eid4j.apdu.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One card session as text, as {@code eid --trace-file} writes it (docs/recordings.md): the
 * card's ATR and protocol, then each command the program sent and the card's answer, in order.
 * {@link ReplayTransport} plays it back as a card.
 *
 * <pre>
 * # a comment
 * ATR 3B 7F 96 00 00 80 31 B8 65 B0 85 05 00 11 12 24 60 82 90 00
 * PROTOCOL T=0
 * &gt; 00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35
 * &lt; 90 00
 * &gt; 00 20 00 11 0C [12 bytes redacted]
 * &lt; 90 00  # 9000 (success) in 41.2 ms
 * </pre>
 */
public final class ApduRecording {
    private final String name;
    private final byte[] atr;
    private final boolean t0;
    private final List<Exchange> exchanges;

    private ApduRecording(String name, byte[] atr, boolean t0, List<Exchange> exchanges) {
        this.name = name;
        this.atr = atr;
        this.t0 = t0;
        this.exchanges = List.copyOf(exchanges);
    }

    /**
     * The one session in {@code text}.
     *
     * @param name what error messages call the recording, e.g. its file name
     * @throws ApduFormatException naming the line, if a line is not part of a recording or the
     *     text holds more than one session (more than one ATR line)
     */
    public static ApduRecording parse(String text, String name) {
        List<ApduRecording> sessions = parseSessions(text, name);
        if (sessions.size() != 1) {
            throw new ApduFormatException(name + " holds " + sessions.size() + " card sessions (one per ATR line); replay them one at a time.");
        }
        return sessions.get(0);
    }

    /** The session in a file, named by the file's name. */
    public static ApduRecording read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    }

    /**
     * Every session in {@code text}, in order: each ATR line starts one (a program that connects
     * to two cards, or to one twice, leaves two). Exchanges before the first ATR line make a
     * session without an ATR; text without any exchange or ATR is one empty session.
     */
    public static List<ApduRecording> parseSessions(String text, String name) {
        List<ApduRecording> sessions = new ArrayList<>();
        Builder session = new Builder(name);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.startsWith(RecordingFormat.ATR) && session.started()) {
                sessions.add(session.build());
                session = new Builder(name);
            }
            try {
                if (line.isEmpty() || line.charAt(0) == RecordingFormat.COMMENT) {
                    continue;
                }
                if (line.startsWith(RecordingFormat.ATR)) {
                    session.atr = Hex.decode(RecordingFormat.withoutComment(line.substring(RecordingFormat.ATR.length())));
                } else if (line.startsWith(RecordingFormat.PROTOCOL)) {
                    session.protocol(RecordingFormat.withoutComment(line.substring(RecordingFormat.PROTOCOL.length())));
                } else if (line.charAt(0) == RecordingFormat.COMMAND) {
                    session.command(number, line.substring(1));
                } else if (line.charAt(0) == RecordingFormat.RESPONSE) {
                    session.response(number, line.substring(1));
                } else {
                    throw new IllegalArgumentException("The line starts with none of ATR, PROTOCOL, '>', '<' or '#'.");
                }
            } catch (IllegalArgumentException e) {
                throw new ApduFormatException(name + " line " + number + ": " + e.getMessage());
            }
        }
        if (session.started() || sessions.isEmpty()) {
            sessions.add(session.build());
        }
        return sessions;
    }

    /** What error messages call this recording. */
    public String name() {
        return name;
    }

    /** The card's answer to reset; empty if the recording has none. */
    public byte[] atr() {
        return atr.clone();
    }

    /** Whether the card spoke T=0 ({@code PROTOCOL T=0}); T=1 when the recording does not say. */
    public boolean isT0() {
        return t0;
    }

    /** How many commands the recording answers. */
    public int size() {
        return exchanges.size();
    }

    Exchange exchange(int index) {
        return exchanges.get(index);
    }

    /** One command and what the card answered to it. */
    static final class Exchange {
        private final int line;
        private final RecordingFormat.Hexes command;
        private final String written;
        private final int responseLine;
        private final byte[] response;
        private final int redactedAnswer;
        private final String failure;

        /**
         * @param response the answer (its status word alone when the data was redacted), or null if the exchange failed
         * @param redactedAnswer how many bytes of answer data were redacted, -1 if none
         * @param failure why the exchange failed, or null
         */
        private Exchange(int line, RecordingFormat.Hexes command, String written, int responseLine, byte[] response,
                int redactedAnswer, String failure) {
            this.line = line;
            this.command = command;
            this.written = written;
            this.responseLine = responseLine;
            this.response = response;
            this.redactedAnswer = redactedAnswer;
            this.failure = failure;
        }

        int line() {
            return line;
        }

        /** The command as the recording has it. */
        String expected() {
            return written;
        }

        /** The same command; where the recording redacted the data, any data of that length. */
        boolean matches(byte[] sent) {
            byte[] recorded = command.bytes();
            if (command.redacted() < 0) {
                return Arrays.equals(sent, recorded);
            }
            return sent.length == recorded.length + command.redacted()
                    && Arrays.equals(sent, 0, recorded.length, recorded, 0, recorded.length);
        }

        /** The card's answer, or the failure the program saw. */
        byte[] answer(String recording) throws TransportException {
            if (failure != null) {
                throw new TransportException(failure);
            }
            if (redactedAnswer >= 0) {
                throw new ReplayException(recording + " line " + responseLine + " has the card's answer to " + written
                        + " redacted, so it cannot be played back.");
            }
            return response.clone();
        }
    }

    /** A session as its lines come. */
    private static final class Builder {
        private final String name;
        private final List<Exchange> exchanges = new ArrayList<>();
        private byte[] atr;
        private Boolean t0;
        private int commandLine;
        private RecordingFormat.Hexes command;
        private String written;

        Builder(String name) {
            this.name = name;
        }

        /** Whether a later ATR line starts another session. */
        boolean started() {
            return atr != null || !exchanges.isEmpty() || command != null;
        }

        void protocol(String protocol) {
            if (!exchanges.isEmpty() || command != null) {
                throw new IllegalArgumentException("The protocol comes before the first command of its session.");
            }
            if (!protocol.equals(RecordingFormat.T0) && !protocol.equals(RecordingFormat.T1)) {
                throw new IllegalArgumentException("The protocol is " + RecordingFormat.T0 + " or " + RecordingFormat.T1 + ", not '" + protocol + "'.");
            }
            t0 = protocol.equals(RecordingFormat.T0);
        }

        void command(int line, String text) {
            if (command != null) {
                throw new IllegalArgumentException("The command of line " + commandLine + " has no response yet.");
            }
            written = RecordingFormat.withoutComment(text);
            RecordingFormat.Hexes parsed = RecordingFormat.Hexes.parse(written);
            if (parsed.redacted() >= 0 && parsed.after().length > 0) {
                throw new IllegalArgumentException("Nothing may follow the redacted data of a command.");
            }
            command = parsed;
            commandLine = line;
        }

        void response(int line, String text) {
            if (command == null) {
                throw new IllegalArgumentException("A response needs a command before it.");
            }
            String response = text.strip();
            if (response.startsWith(RecordingFormat.FAILED)) {
                String why = response.substring(RecordingFormat.FAILED.length()).strip();
                exchanges.add(new Exchange(commandLine, command, written, line, null, -1, why));
            } else {
                RecordingFormat.Hexes parsed = RecordingFormat.Hexes.parse(RecordingFormat.withoutComment(response));
                if (parsed.redacted() < 0) {
                    exchanges.add(new Exchange(commandLine, command, written, line, parsed.bytes(), -1, null));
                } else if (parsed.bytes().length == 0 && parsed.after().length == 2) {
                    exchanges.add(new Exchange(commandLine, command, written, line, parsed.after(), parsed.redacted(), null));
                } else {
                    throw new IllegalArgumentException("A redacted answer is '[n bytes redacted]' and its two status bytes.");
                }
            }
            command = null;
        }

        ApduRecording build() {
            if (command != null) {
                throw new ApduFormatException(name + " line " + commandLine + ": The command has no response.");
            }
            return new ApduRecording(name, atr == null ? new byte[0] : atr, t0 != null && t0, exchanges);
        }
    }
}

package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.SecretCommands;

/**
 * A recorded card session played back as a card: each command must be the one the recording
 * has next (where it redacted the data, any data of that length), and gets the card's recorded
 * answer; a recorded failure is thrown again as the same {@link TransportException}. Anything
 * else is a {@link ReplayException}. Strict: nothing is skipped, reordered or guessed, so a
 * driver that changes what it sends fails here, naming the command.
 *
 * <p>It is the wire end of a transport stack, as a reader is: stack the decorators of the
 * recording's protocol on it ({@link Transports#forCard}), since the recording is what went
 * over the wire. A driver may catch what it thinks is a card's failure; {@link #assertPlayedToEnd()}
 * reports the first deviation in any case.
 */
public final class ReplayTransport implements DirectTransport {
    private final ApduRecording recording;
    private int next;
    private ReplayException deviation;
    private boolean mayHaveAuthenticated;
    private boolean open = true;

    public ReplayTransport(ApduRecording recording) {
        this.recording = recording;
    }

    @Override
    public byte[] atr() {
        return recording.atr();
    }

    public boolean isT0() {
        return recording.isT0();
    }

    public String name() {
        return recording.name();
    }

    @Override
    public synchronized byte[] transmit(byte[] command) throws TransportException {
        if (!open) {
            throw new TransportException("The connection to the card is closed.");
        }
        if (deviation != null) {
            throw new ReplayException("The replay of " + recording.name() + " already went wrong: " + deviation.getMessage());
        }
        if (SecretCommands.mayAuthenticate(command)) {
            mayHaveAuthenticated = true;
        }
        String sent = RecordingFormat.command(command); // never the secret itself
        if (next == recording.size()) {
            throw deviate("The program sent " + sent + " after the end of " + recording.name() + " (" + recording.size()
                    + " exchanges).");
        }
        ApduRecording.Exchange expected = recording.exchange(next);
        if (!expected.matches(command)) {
            throw deviate("The program sent " + sent + " where " + recording.name() + " line " + expected.line() + " (exchange "
                    + (next + 1) + " of " + recording.size() + ") expects " + expected.expected() + ".");
        }
        next++;
        try {
            return expected.answer(recording.name());
        } catch (ReplayException e) {
            throw deviate(e.getMessage());
        }
    }

    private ReplayException deviate(String message) {
        deviation = new ReplayException(message);
        return deviation;
    }

    @Override
    public synchronized boolean mayHaveAuthenticated() {
        return mayHaveAuthenticated;
    }

    /**
     * Checks that the program did all the recording did and nothing else.
     *
     * @throws ReplayException with the first deviation, even one a driver caught, or naming the
     *     next exchange if the program stopped before the end
     */
    public synchronized void assertPlayedToEnd() {
        if (deviation != null) {
            throw new ReplayException(deviation.getMessage());
        }
        if (next < recording.size()) {
            ApduRecording.Exchange expected = recording.exchange(next);
            throw new ReplayException("The program stopped after exchange " + next + " of " + recording.size() + "; "
                    + recording.name() + " line " + expected.line() + " expects " + expected.expected() + " next.");
        }
    }

    @Override
    public synchronized void close() {
        open = false;
    }
}

package io.github.eid4j.card;

import io.github.eid4j.apdu.pcsc.PinPadEntry;
import io.github.eid4j.apdu.transport.TransportException;

/**
 * A reader's PIN pad (PC/SC part 10 FEATURE_VERIFY_PIN_DIRECT): given to
 * {@link EidCard#verify(PinInfo, PinCallback)} in place of a typed PIN, it has the reader ask
 * for the PIN on its own keypad and send it to the card; the PIN never reaches the computer. It
 * answers no typed request: a step that needs a PIN typed on the computer is cancelled.
 */
public final class PinPad implements PinCallback {
    /** Sends a control command to the reader (SCardControl) and returns its answer. */
    @FunctionalInterface
    public interface ReaderControl {
        byte[] control(int code, byte[] command) throws TransportException;
    }

    private final ReaderControl reader;
    private final int verifyCode;
    private final int seconds;

    /**
     * @param verifyCode the reader's control code for FEATURE_VERIFY_PIN_DIRECT
     * @param seconds how long the reader waits for the user
     */
    public PinPad(ReaderControl reader, int verifyCode, int seconds) {
        this.reader = reader;
        this.verifyCode = verifyCode;
        this.seconds = seconds;
    }

    @Override
    public char[] ask(PinRequest request) throws CancelledPinEntryException {
        throw new CancelledPinEntryException();
    }

    /**
     * Has the reader complete the VERIFY {@code template} (its PIN block all padding) with the PIN
     * typed on its keypad, and returns the card's answer (data and status word).
     */
    public byte[] verify(PinPadEntry entry, byte[] template) throws TransportException {
        return reader.control(verifyCode, entry.verifyStructure(template, seconds));
    }
}

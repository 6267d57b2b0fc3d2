package io.github.eid4j.apdu.pcsc;

import java.util.Arrays;

/**
 * PACE run by the reader itself (FEATURE_EXECUTE_PACE: PC/SC part 10 amendment 1, BSI TR-03119
 * appendix D): the control command's input is bFunction, the input length (2 bytes,
 * little-endian) and the input; its output is a 4-byte result (little-endian, 0 for success), the
 * output length (2 bytes) and the output. After a successful EstablishPACEChannel the reader
 * protects every APDU with the session keys it keeps; the host never sees them. Only the
 * functions eid4j needs, and no terminal authentication (no CHAT, no certificate description):
 * the Luxembourg card needs PACE alone.
 */
public final class ReaderPace {
    private static final int GET_READER_PACE_CAPABILITIES = 0x01;
    private static final int ESTABLISH_PACE_CHANNEL = 0x02;
    private static final int DESTROY_PACE_CHANNEL = 0x03;

    /** Bits of the capabilities' BitMap. */
    private static final int QUALIFIED_SIGNATURE = 0x10;
    private static final int GERMAN_EID = 0x20;
    private static final int GENERIC_PACE = 0x40;
    private static final int DESTROY = 0x80;

    /** Result codes whose last two bytes are the card's status word: 0xF0, a step, SW1 SW2. */
    private static final int CARD_ANSWER = 0xF0;
    private static final int CANCELLED = 0xF0200001;
    private static final int CARD_GONE = 0xF0100001;

    private ReaderPace() {
    }

    /** The password the PACE channel is established with, and its PasswordID. */
    public enum Password {
        MRZ(1), CAN(2), PIN(3), PUK(4);

        final int id;

        Password(int id) {
            this.id = id;
        }
    }

    /** What the reader's PACE can do (GetReaderPACECapabilities). */
    public record Capabilities(boolean genericPace, boolean germanEid, boolean qualifiedSignature, boolean destroyChannel) {
    }

    /** What EstablishPACEChannel gives back: the status word of MSE:Set AT, EF.CardAccess and the card's ID (may be empty). */
    public record Channel(int mseSetAtStatus, byte[] cardAccess, byte[] cardId) {
    }

    public static byte[] capabilitiesRequest() {
        return new byte[] {GET_READER_PACE_CAPABILITIES, 0, 0};
    }

    public static byte[] destroyRequest() {
        return new byte[] {DESTROY_PACE_CHANNEL, 0, 0};
    }

    /**
     * The answer to {@link #capabilitiesRequest()}: its output is the BitMap, one byte.
     *
     * @throws ReaderPaceException if the reader reports a failure or the answer is not one
     */
    public static Capabilities capabilities(byte[] answer) throws ReaderPaceException {
        Output out = output(answer);
        if (out.data.length != 1) {
            throw new ReaderPaceException(0, "The reader's PACE capabilities are " + out.data.length + " bytes, not the 1-byte bit map.");
        }
        int bits = out.data[0] & 0xFF;
        return new Capabilities((bits & GENERIC_PACE) != 0, (bits & GERMAN_EID) != 0, (bits & QUALIFIED_SIGNATURE) != 0,
                (bits & DESTROY) != 0);
    }

    /**
     * EstablishPACEChannel's input: the PasswordID, no CHAT, the password (ASCII digits; none if
     * {@code secret} is null: the reader then asks for it on its keypad), no certificate
     * description. The caller wipes the returned array: it holds the password.
     */
    public static byte[] establishRequest(Password password, char[] secret) {
        int length = secret == null ? 0 : secret.length;
        if (length > 0xFF) {
            throw new IllegalArgumentException("A PACE password is at most 255 characters.");
        }
        byte[] request = new byte[3 + 1 + 1 + 1 + length + 2];
        int inputLength = request.length - 3;
        request[0] = ESTABLISH_PACE_CHANNEL;
        request[1] = (byte) inputLength;
        request[2] = (byte) (inputLength >> 8);
        request[3] = (byte) password.id;
        request[4] = 0; // lengthCHAT
        request[5] = (byte) length;
        for (int i = 0; i < length; i++) {
            request[6 + i] = (byte) secret[i];
        }
        // lengthCertificateDescription: 0 (the last two bytes)
        return request;
    }

    /**
     * The answer to {@link #establishRequest}: MSE:Set AT's status word, EF.CardAccess, the CARs
     * (skipped: no terminal authentication) and IDicc.
     *
     * @throws ReaderPaceException if PACE failed (a wrong password gives {@link ReaderPaceException#triesLeft()})
     *     or the answer is not one
     */
    public static Channel channel(byte[] answer) throws ReaderPaceException {
        Output out = output(answer);
        Cursor c = new Cursor(out.data);
        int status = c.take(2);
        byte[] cardAccess = c.bytes(c.take(2));
        c.bytes(c.take(1)); // CARcurr
        c.bytes(c.take(1)); // CARprev
        byte[] cardId = c.bytes(c.take(2));
        if (c.at != out.data.length) {
            throw new ReaderPaceException(0, "The reader's PACE answer has " + (out.data.length - c.at) + " bytes too many.");
        }
        return new Channel(status, cardAccess, cardId);
    }

    private record Output(byte[] data) {
    }

    private static Output output(byte[] answer) throws ReaderPaceException {
        if (answer.length < 6) {
            throw new ReaderPaceException(0, "The reader's PACE answer is " + answer.length + " bytes, shorter than its 6-byte head.");
        }
        int result = (answer[0] & 0xFF) | (answer[1] & 0xFF) << 8 | (answer[2] & 0xFF) << 16 | (answer[3] & 0xFF) << 24;
        if (result != 0) {
            throw failure(result);
        }
        int length = (answer[4] & 0xFF) | (answer[5] & 0xFF) << 8;
        if (length != answer.length - 6) {
            throw new ReaderPaceException(0, "The reader's PACE answer announces " + length + " bytes and has " + (answer.length - 6) + ".");
        }
        return new Output(Arrays.copyOfRange(answer, 6, answer.length));
    }

    private static ReaderPaceException failure(int result) {
        String hex = String.format("0x%08X", result);
        if (result == CANCELLED) {
            return new ReaderPaceException(result, "PACE was cancelled on the reader.");
        }
        if (result == CARD_GONE) {
            return new ReaderPaceException(result, "The reader lost the card during PACE.");
        }
        if ((result >>> 24) == CARD_ANSWER) {
            int sw = result & 0xFFFF;
            return new ReaderPaceException(result, "The card refused PACE on the reader (status word "
                    + String.format("%04X", sw) + ", result " + hex + ").");
        }
        return new ReaderPaceException(result, "The reader could not run PACE (result " + hex + ").");
    }

    /** Reads little-endian lengths and the fields they announce. */
    private static final class Cursor {
        private final byte[] data;
        private int at;

        Cursor(byte[] data) {
            this.data = data;
        }

        int take(int bytes) throws ReaderPaceException {
            need(bytes);
            int value = 0;
            for (int i = 0; i < bytes; i++) {
                value |= (data[at + i] & 0xFF) << (8 * i);
            }
            at += bytes;
            return value;
        }

        byte[] bytes(int n) throws ReaderPaceException {
            need(n);
            byte[] out = Arrays.copyOfRange(data, at, at + n);
            at += n;
            return out;
        }

        private void need(int n) throws ReaderPaceException {
            if (at + n > data.length) {
                throw new ReaderPaceException(0, "The reader's PACE answer ends early.");
            }
        }
    }
}

package io.github.eid4j.apdu.sm;

import io.github.eid4j.apdu.ApduFormatException;
import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.tlv.BerTlv;
import io.github.eid4j.apdu.tlv.Tlv;
import io.github.eid4j.apdu.tlv.TlvWriter;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * One secure-messaging session (ISO/IEC 7816-4 §10, ICAO Doc 9303-11 §9.8): the session keys
 * K_enc and K_mac, and the send sequence counter, incremented before every command and every
 * response. The terminal wraps commands and unwraps answers; the virtual card unwraps commands
 * and wraps answers, with the same code.
 *
 * <pre>
 *   command  CLA|0C INS P1 P2 Lc' [87 L 01 E(pad(data)) | 85 L E(pad(data)) for odd INS] [97 Le] 8E 08 MAC  Le'=00
 *   response [87 L 01 E(pad(data))] 99 02 SW 8E 08 MAC  SW
 *   MAC      over pad(SSC || pad(header) || DOs)  (command), pad(SSC || DOs)  (response)
 * </pre>
 *
 * <p>Not thread-safe; a session belongs to one card connection. {@link #close()} wipes the keys.
 */
public final class SecureMessaging implements AutoCloseable {
    private static final int DO_ENCRYPTED_ODD = 0x85;
    private static final int DO_ENCRYPTED = 0x87;
    private static final int DO_LE = 0x97;
    private static final int DO_STATUS = 0x99;
    private static final int DO_MAC = 0x8E;
    /** Tag, two length bytes (81 xx), the padding-content indicator: the most a short APDU spends on DO 87. */
    private static final int DO87_OVERHEAD = 4;
    private static final int DO97_SIZE = 3;
    private static final int DO99_SIZE = 4;
    private static final int DO8E_SIZE = 2 + SmCipher.MAC_LENGTH;

    private final SmCipher cipher;
    private final byte[] encKey;
    private final byte[] macKey;
    private final byte[] ssc;
    private boolean closed;

    /** A session with the given keys and the counter's starting value (its length is the cipher's block). */
    public SecureMessaging(SmCipher cipher, byte[] encKey, byte[] macKey, byte[] ssc) {
        if (ssc.length != cipher.blockSize()) {
            throw new IllegalArgumentException("The send sequence counter of " + cipher + " has " + cipher.blockSize() + " bytes.");
        }
        this.cipher = cipher;
        this.encKey = encKey.clone();
        this.macKey = macKey.clone();
        this.ssc = ssc.clone();
    }

    /** The session after PACE: keys derived from the shared secret, counter zero (ICAO 9303-11 §9.8.7.3). */
    public static SecureMessaging afterPace(SmCipher cipher, int keyLength, byte[] sharedSecret) {
        byte[] enc = cipher.deriveKey(sharedSecret, SmCipher.KDF_ENC, keyLength);
        byte[] mac = cipher.deriveKey(sharedSecret, SmCipher.KDF_MAC, keyLength);
        try {
            return new SecureMessaging(cipher, enc, mac, new byte[cipher.blockSize()]);
        } finally {
            Arrays.fill(enc, (byte) 0);
            Arrays.fill(mac, (byte) 0);
        }
    }

    public SmCipher cipher() {
        return cipher;
    }

    /** The most command data one protected short APDU carries (the rest goes in a chain). */
    public int maxCommandData() {
        int room = CommandApdu.MAX_SHORT_NC - DO87_OVERHEAD - DO97_SIZE - DO8E_SIZE;
        return room / cipher.blockSize() * cipher.blockSize() - 1;
    }

    /** The most response data one protected short answer (256 bytes) carries. */
    public int maxResponseData() {
        return maxResponseData(cipher);
    }

    /**
     * The same for a session whose keys the host does not hold: a reader that runs PACE and
     * protects the APDUs itself (PC/SC part 10 FEATURE_EXECUTE_PACE) with this cipher.
     */
    public static int maxResponseData(SmCipher cipher) {
        int room = CommandApdu.MAX_SHORT_NE - DO87_OVERHEAD - DO99_SIZE - DO8E_SIZE;
        return room / cipher.blockSize() * cipher.blockSize() - 1;
    }

    /** The counter's current value, for tests and for the card's own bookkeeping. */
    public byte[] sendSequenceCounter() {
        return ssc.clone();
    }

    // ---- terminal side

    /**
     * The protected form of {@code plain}; increments the counter. Extended length fields are used
     * when the protected body exceeds 255 bytes or Ne exceeds 256.
     */
    public byte[] wrapCommand(CommandApdu plain) {
        requireOpen();
        increment();
        int cla = protectedCla(plain.cla());
        byte[] header = {(byte) cla, (byte) plain.ins(), (byte) plain.p1(), (byte) plain.p2()};
        TlvWriter body = new TlvWriter();
        if (plain.nc() > 0) {
            byte[] data = plain.data();
            body.primitive((plain.ins() & 1) == 1 ? DO_ENCRYPTED_ODD : DO_ENCRYPTED, encrypted(data, (plain.ins() & 1) == 0));
            Arrays.fill(data, (byte) 0);
        }
        if (plain.ne() > 0) {
            int ne = plain.ne();
            body.primitive(DO_LE, ne <= CommandApdu.MAX_SHORT_NE ? new byte[] {(byte) ne} : new byte[] {(byte) (ne >> 8), (byte) ne});
        }
        byte[] dos = body.toByteArray();
        byte[] mac = mac(concat(Iso9797Padding.pad(header, cipher.blockSize()), dos));
        byte[] all = concat(dos, new TlvWriter().primitive(DO_MAC, mac).toByteArray());
        boolean extended = all.length > CommandApdu.MAX_SHORT_NC || plain.ne() > CommandApdu.MAX_SHORT_NE;
        // Le' is always present: 00, or 00 00 in extended form (ICAO 9303-11 §9.8.4); the answer's length is the card's.
        return new CommandApdu(cla, plain.ins(), plain.p1(), plain.p2(), all,
                extended ? CommandApdu.MAX_EXTENDED_NE : CommandApdu.MAX_SHORT_NE).toBytes();
    }

    /**
     * The plain answer inside a protected one; increments the counter.
     *
     * @throws SecureMessagingException if the answer is not protected, its MAC does not verify, or
     *     the card says it ended secure messaging (69 87, 69 88)
     */
    public ResponseApdu unwrapResponse(byte[] response) throws SecureMessagingException {
        requireOpen();
        increment();
        int sw = ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
        if (response.length == 2 && (sw == 0x6987 || sw == 0x6988)) {
            throw new SecureMessagingException(String.format("The card ended secure messaging (%04X: %s); the secure channel is closed.",
                    sw, sw == 0x6987 ? "its data objects were missing" : "its data objects were wrong"));
        }
        String plaintext = String.format("The card answered %04X without secure messaging; the secure channel is closed.", sw);
        List<Tlv> objects;
        try {
            objects = BerTlv.parseAll(Arrays.copyOf(response, response.length - 2));
        } catch (ApduFormatException e) {
            throw new SecureMessagingException(plaintext);
        }
        Tlv macObject = objects.isEmpty() ? null : objects.get(objects.size() - 1);
        if (macObject == null || macObject.tag() != DO_MAC) {
            throw new SecureMessagingException(plaintext);
        }
        ByteArrayOutputStream macInput = new ByteArrayOutputStream();
        byte[] encrypted = null;
        byte[] status = null;
        for (Tlv object : objects.subList(0, objects.size() - 1)) {
            macInput.writeBytes(object.encoded());
            switch (object.tag()) {
                case DO_ENCRYPTED -> encrypted = object.value();
                case DO_ENCRYPTED_ODD -> encrypted = concat(new byte[] {1}, object.value());
                case DO_STATUS -> status = object.value();
                default -> throw new SecureMessagingException(String.format(
                        "The card's answer holds an unexpected data object %02X; the secure channel is closed.", object.tag()));
            }
        }
        if (!MessageDigest.isEqual(mac(macInput.toByteArray()), macObject.value())) {
            throw new SecureMessagingException("The MAC of the card's answer does not verify; the secure channel is closed.");
        }
        if (status == null || status.length != 2) {
            throw new SecureMessagingException("The card's answer has no protected status word; the secure channel is closed.");
        }
        byte[] data = encrypted == null ? new byte[0] : decrypted(encrypted);
        try {
            return ResponseApdu.of(data, ((status[0] & 0xFF) << 8) | (status[1] & 0xFF));
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    // ---- card side

    /**
     * The plain command inside a protected one; increments the counter.
     *
     * @throws SecureMessagingException with 69 87 in its message when data objects are missing, 69 88
     *     when they are wrong (a MAC that does not verify)
     */
    public CommandApdu unwrapCommand(CommandApdu command) throws SecureMessagingException {
        requireOpen();
        increment();
        if ((command.cla() & 0x0C) != 0x0C) {
            throw new SecureMessagingException("6987: the command is not protected.");
        }
        List<Tlv> objects;
        try {
            objects = BerTlv.parseAll(command.data());
        } catch (ApduFormatException e) {
            throw new SecureMessagingException("6988: the command's data objects are malformed.");
        }
        if (objects.isEmpty() || objects.get(objects.size() - 1).tag() != DO_MAC) {
            throw new SecureMessagingException("6987: the command has no MAC.");
        }
        byte[] header = {(byte) command.cla(), (byte) command.ins(), (byte) command.p1(), (byte) command.p2()};
        ByteArrayOutputStream macInput = new ByteArrayOutputStream();
        macInput.writeBytes(Iso9797Padding.pad(header, cipher.blockSize()));
        byte[] encrypted = null;
        int ne = 0;
        for (Tlv object : objects.subList(0, objects.size() - 1)) {
            macInput.writeBytes(object.encoded());
            switch (object.tag()) {
                case DO_ENCRYPTED -> encrypted = object.value();
                case DO_ENCRYPTED_ODD -> encrypted = concat(new byte[] {1}, object.value());
                case DO_LE -> ne = le(object.value());
                default -> throw new SecureMessagingException("6988: the command holds an unexpected data object.");
            }
        }
        if (!MessageDigest.isEqual(mac(macInput.toByteArray()), objects.get(objects.size() - 1).value())) {
            throw new SecureMessagingException("6988: the command's MAC does not verify.");
        }
        byte[] data = encrypted == null ? new byte[0] : decrypted(encrypted);
        try {
            return new CommandApdu(command.cla() & ~0x0C, command.ins(), command.p1(), command.p2(), data, ne);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /** The protected answer (data and status word, then SW1 SW2 in clear); increments the counter. */
    public byte[] wrapResponse(byte[] data, int sw) {
        requireOpen();
        increment();
        TlvWriter body = new TlvWriter();
        if (data.length > 0) {
            body.primitive(DO_ENCRYPTED, encrypted(data, true));
        }
        byte[] swBytes = {(byte) (sw >> 8), (byte) sw};
        body.primitive(DO_STATUS, swBytes);
        byte[] dos = body.toByteArray();
        body.primitive(DO_MAC, mac(dos));
        return concat(body.toByteArray(), swBytes);
    }

    /** Wipes the keys; the session can do nothing more. */
    @Override
    public void close() {
        closed = true;
        Arrays.fill(encKey, (byte) 0);
        Arrays.fill(macKey, (byte) 0);
    }

    public boolean isClosed() {
        return closed;
    }

    // ---- shared

    /** The class byte of the protected command: SM with the header authenticated (b4 b3 = 11), chaining and channel kept. */
    static int protectedCla(int cla) {
        return (cla & 0xF3) | 0x0C;
    }

    private byte[] encrypted(byte[] data, boolean withIndicator) {
        byte[] padded = Iso9797Padding.pad(data, cipher.blockSize());
        byte[] ct = cipher.encrypt(encKey, cipher.iv(encKey, ssc), padded);
        Arrays.fill(padded, (byte) 0);
        return withIndicator ? concat(new byte[] {1}, ct) : ct;
    }

    /** Decrypts DO 87's value (padding-content indicator 01, then the cryptogram). */
    private byte[] decrypted(byte[] value) throws SecureMessagingException {
        if (value.length < 1 + cipher.blockSize() || value[0] != 1 || (value.length - 1) % cipher.blockSize() != 0) {
            throw new SecureMessagingException("The encrypted data from the card is malformed; the secure channel is closed.");
        }
        byte[] padded = cipher.decrypt(encKey, cipher.iv(encKey, ssc), Arrays.copyOfRange(value, 1, value.length));
        try {
            return Iso9797Padding.unpad(padded);
        } catch (IllegalArgumentException e) {
            throw new SecureMessagingException("The encrypted data from the card is not padded correctly; the secure channel is closed.");
        } finally {
            Arrays.fill(padded, (byte) 0);
        }
    }

    private byte[] mac(byte[] data) {
        byte[] input = Iso9797Padding.pad(concat(ssc, data), cipher.blockSize());
        return cipher.macOfPadded(macKey, input);
    }

    private static int le(byte[] value) throws SecureMessagingException {
        if (value.length == 1) {
            return value[0] == 0 ? 256 : value[0] & 0xFF;
        }
        if (value.length == 2) {
            int le = ((value[0] & 0xFF) << 8) | (value[1] & 0xFF);
            return le == 0 ? 65536 : le;
        }
        throw new SecureMessagingException("6988: the command's Le object is malformed.");
    }

    private void increment() {
        for (int i = ssc.length - 1; i >= 0; i--) {
            if (++ssc[i] != 0) {
                return;
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("This secure-messaging session is closed.");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package io.github.eid4j.apdu.pcsc;

import java.io.ByteArrayOutputStream;

/**
 * How a PIN pad reader puts the PIN it reads on its keypad into a command APDU, and the
 * structures of PC/SC part 10 (v2.02, §2.5.2 and §2.5.3) that ask it to: PIN_VERIFY_STRUCTURE for
 * FEATURE_VERIFY_PIN_DIRECT, PIN_MODIFY_STRUCTURE for FEATURE_MODIFY_PIN_DIRECT. The command is
 * given whole, its PIN blocks filled with the padding byte (the template): the reader writes the
 * ASCII digits at the start of each block and leaves the padding after them. Multi-byte fields
 * are little-endian, as the structures are defined.
 */
public final class PinPadEntry {
    /** bmFormatString: lengths in bytes (bit 7), PIN at offset 0 of its block, left-justified, ASCII (10). */
    private static final int ASCII_BYTES = 0x82;
    /** bEntryValidationCondition: the user presses the keypad's OK key. */
    private static final int VALIDATION_KEY = 0x02;
    /** wLangId: English (United States), for the reader's own messages. */
    private static final int LANG_EN_US = 0x0409;
    /** bConfirmPIN: the current PIN (bit 1), and the new one twice (bit 0). */
    private static final int CURRENT_AND_CONFIRM = 0x03;

    private final int blockLength;
    private final int minDigits;
    private final int maxDigits;

    private PinPadEntry(int blockLength, int minDigits, int maxDigits) {
        this.blockLength = blockLength;
        this.minDigits = minDigits;
        this.maxDigits = maxDigits;
    }

    /**
     * ASCII digits padded to {@code blockLength} bytes (FINEID, Gemalto IAS), between
     * {@code minDigits} and {@code maxDigits} long.
     *
     * @throws IllegalArgumentException if the block does not fit the 4 bits PC/SC gives its length
     */
    public static PinPadEntry asciiPadded(int blockLength, int minDigits, int maxDigits) {
        if (blockLength < 1 || blockLength > 15 || minDigits < 1 || maxDigits < minDigits || maxDigits > blockLength) {
            throw new IllegalArgumentException("A PIN pad takes a PIN block of 1 to 15 bytes and a PIN that fits it, not "
                    + blockLength + " bytes for " + minDigits + " to " + maxDigits + " digits.");
        }
        return new PinPadEntry(blockLength, minDigits, maxDigits);
    }

    /**
     * PIN_VERIFY_STRUCTURE for a VERIFY whose data field is one PIN block.
     *
     * @param verify the command APDU (CLA INS P1 P2 Lc, the template block)
     * @param seconds how long the reader waits for the user (0: its own default)
     */
    public byte[] verifyStructure(byte[] verify, int seconds) {
        requireBlocks(verify, 1);
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.write(seconds);
        s.write(seconds);
        formats(s);
        pinLengths(s);
        s.write(VALIDATION_KEY);
        s.write(1); // bNumberMessage: one prompt
        littleEndian(s, LANG_EN_US, 2);
        s.write(0); // bMsgIndex: "enter PIN"
        s.writeBytes(new byte[3]); // bTeoPrologue: T=1 only, the reader fills it
        littleEndian(s, verify.length, 4);
        s.writeBytes(verify);
        return s.toByteArray();
    }

    /**
     * PIN_MODIFY_STRUCTURE for a CHANGE REFERENCE DATA whose data field is the current PIN's block
     * then the new PIN's; the reader asks for the current PIN, then the new one twice.
     *
     * @param change the command APDU (CLA INS P1 P2 Lc, two template blocks)
     * @param seconds how long the reader waits for the user (0: its own default)
     */
    public byte[] modifyStructure(byte[] change, int seconds) {
        requireBlocks(change, 2);
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.write(seconds);
        s.write(seconds);
        formats(s);
        s.write(0); // bInsertionOffsetOld, in bytes
        s.write(blockLength); // bInsertionOffsetNew
        pinLengths(s);
        s.write(CURRENT_AND_CONFIRM);
        s.write(VALIDATION_KEY);
        s.write(3); // bNumberMessage: current, new, new again
        littleEndian(s, LANG_EN_US, 2);
        s.write(0);
        s.write(1);
        s.write(2);
        s.writeBytes(new byte[3]);
        littleEndian(s, change.length, 4);
        s.writeBytes(change);
        return s.toByteArray();
    }

    /** bmFormatString, bmPINBlockString (no PIN length field; the block length), bmPINLengthFormat. */
    private void formats(ByteArrayOutputStream s) {
        s.write(ASCII_BYTES);
        s.write(blockLength);
        s.write(0);
    }

    /** wPINMaxExtraDigit: 0xXXYY, XX the minimum and YY the maximum number of digits. */
    private void pinLengths(ByteArrayOutputStream s) {
        littleEndian(s, minDigits << 8 | maxDigits, 2);
    }

    private void requireBlocks(byte[] apdu, int blocks) {
        if (apdu.length != 5 + blocks * blockLength || (apdu[4] & 0xFF) != blocks * blockLength) {
            throw new IllegalArgumentException("The command for the PIN pad is a header, Lc and " + blocks + " PIN block(s) of "
                    + blockLength + " bytes; it has " + apdu.length + " bytes.");
        }
    }

    private static void littleEndian(ByteArrayOutputStream s, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            s.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}

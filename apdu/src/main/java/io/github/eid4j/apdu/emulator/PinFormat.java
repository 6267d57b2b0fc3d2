package io.github.eid4j.apdu.emulator;

import java.util.Arrays;

/**
 * How a card expects a PIN in the command data: ASCII digits padded to a fixed block
 * (FINEID, IAS: 12 bytes padded with 00), or an ISO 9564 format-2 BCD block (8 bytes).
 */
public final class PinFormat {
    private final boolean bcd;
    private final int blockLength;
    private final byte pad;

    private PinFormat(boolean bcd, int blockLength, byte pad) {
        this.bcd = bcd;
        this.blockLength = blockLength;
        this.pad = pad;
    }

    /** ASCII digits right-padded with {@code pad} to {@code blockLength} bytes. */
    public static PinFormat asciiPadded(int blockLength, int pad) {
        if (blockLength < 4 || blockLength > 64) {
            throw new IllegalArgumentException("A PIN block has 4 to 64 bytes, not " + blockLength + ".");
        }
        return new PinFormat(false, blockLength, (byte) pad);
    }

    /** ISO 9564 format 2: 2L, then BCD digits, padded with F to 8 bytes. */
    public static PinFormat bcdFormat2() {
        return new PinFormat(true, 8, (byte) 0xFF);
    }

    public int blockLength() {
        return blockLength;
    }

    /** The PIN block for these digits. */
    public byte[] encode(char[] digits) {
        if (digits.length > (bcd ? 14 : blockLength)) {
            throw new IllegalArgumentException("The PIN has more digits than its block can hold.");
        }
        byte[] block = new byte[blockLength];
        Arrays.fill(block, pad);
        if (!bcd) {
            for (int i = 0; i < digits.length; i++) {
                block[i] = (byte) digits[i];
            }
            return block;
        }
        block[0] = (byte) (0x20 | digits.length);
        for (int i = 0; i < digits.length; i++) {
            int nibble = Character.digit(digits[i], 10) & 0x0F;
            int at = 1 + i / 2;
            block[at] = (byte) (i % 2 == 0 ? (nibble << 4) | (block[at] & 0x0F) : (block[at] & 0xF0) | nibble);
        }
        return block;
    }

    /**
     * The number of digits in a well-formed block, or -1 if the block is malformed: wrong size,
     * a non-digit, or a digit after the padding.
     */
    public int digitCount(byte[] block, int offset) {
        if (block.length - offset < blockLength) {
            return -1;
        }
        if (bcd) {
            int length = block[offset] & 0x0F;
            if ((block[offset] & 0xF0) != 0x20 || length > 14) {
                return -1;
            }
            for (int i = 0; i < 14; i++) {
                int b = block[offset + 1 + i / 2] & 0xFF;
                int nibble = i % 2 == 0 ? b >> 4 : b & 0x0F;
                if (i < length ? nibble > 9 : nibble != 0x0F) {
                    return -1;
                }
            }
            return length;
        }
        int count = 0;
        boolean padding = false;
        for (int i = 0; i < blockLength; i++) {
            byte b = block[offset + i];
            if (b == pad) {
                padding = true;
            } else if (padding || b < '0' || b > '9') {
                return -1;
            } else {
                count++;
            }
        }
        return count;
    }

    /** The digits of a well-formed block (see {@link #digitCount}); the caller wipes them. */
    char[] digits(byte[] block, int offset) {
        int n = digitCount(block, offset);
        if (n < 0) {
            throw new IllegalArgumentException("The PIN block is malformed.");
        }
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = bcd ? Character.forDigit(((block[offset + 1 + i / 2] & 0xFF) >> (i % 2 == 0 ? 4 : 0)) & 0x0F, 10)
                    : (char) block[offset + i];
        }
        return out;
    }

    /** The text form kept in a card's metadata: ascii:12:00 or bcd-format2. */
    @Override
    public String toString() {
        return bcd ? "bcd-format2" : String.format("ascii:%d:%02X", blockLength, pad & 0xFF);
    }

    public static PinFormat parse(String text) {
        if ("bcd-format2".equals(text)) {
            return bcdFormat2();
        }
        String[] parts = text.split(":");
        try {
            if (parts.length == 3 && "ascii".equals(parts[0])) {
                return asciiPadded(Integer.parseInt(parts[1]), Integer.parseInt(parts[2], 16));
            }
        } catch (IllegalArgumentException e) {
            // one error below
        }
        throw new IllegalArgumentException("'" + text + "' is not a PIN format (ascii:LENGTH:PAD or bcd-format2).");
    }
}

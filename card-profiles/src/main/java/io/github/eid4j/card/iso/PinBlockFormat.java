package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.pcsc.PinPadEntry;
import io.github.eid4j.card.PinInfo;
import java.util.Arrays;

/**
 * How a card wants a PIN in the data field of VERIFY, CHANGE REFERENCE DATA and RESET RETRY
 * COUNTER. FINEID and Gemalto IAS cards take the ASCII digits padded to a fixed block, so that
 * the length of the command does not tell the length of the PIN.
 */
public final class PinBlockFormat {
    private final int length;
    private final byte pad;

    private PinBlockFormat(int length, int pad) {
        this.length = length;
        this.pad = (byte) pad;
    }

    /** ASCII digits, then {@code pad} up to {@code length} bytes. */
    public static PinBlockFormat asciiPadded(int length, int pad) {
        if (length < 1 || length > 127 || pad < 0 || pad > 0xFF) {
            throw new IllegalArgumentException("A PIN block is 1 to 127 bytes padded with a byte value, not " + length + "/" + pad + ".");
        }
        return new PinBlockFormat(length, pad);
    }

    /** The block for {@code pin}; the caller wipes it once the card has answered. */
    public byte[] encode(char[] pin) {
        byte[] block = new byte[length];
        Arrays.fill(block, pad);
        for (int i = 0; i < pin.length && i < length; i++) {
            block[i] = (byte) pin[i];
        }
        return block;
    }

    /** How a PIN pad reader fills this block with {@code pin}'s digits. */
    public PinPadEntry pinPadEntry(PinInfo pin) {
        return PinPadEntry.asciiPadded(length, pin.minLength(), pin.maxLength());
    }

    /** Two blocks in one data field (old and new PIN, or PUK and new PIN); the parts are wiped. */
    byte[] encode(char[] first, char[] second) {
        byte[] a = encode(first);
        byte[] b = encode(second);
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        Arrays.fill(a, (byte) 0);
        Arrays.fill(b, (byte) 0);
        return out;
    }
}

package io.github.eid4j.apdu.sm;

import java.util.Arrays;

/**
 * ISO/IEC 9797-1 padding method 2 (ISO/IEC 7816-4's padding): one byte 80, then zeros up to a
 * whole block. Secure messaging pads what it encrypts and what it MACs this way.
 */
public final class Iso9797Padding {
    private Iso9797Padding() {
    }

    /** {@code data} followed by 80 and the zeros up to a multiple of {@code blockSize}; always adds at least one byte. */
    public static byte[] pad(byte[] data, int blockSize) {
        int padded = (data.length / blockSize + 1) * blockSize;
        byte[] out = Arrays.copyOf(data, padded);
        out[data.length] = (byte) 0x80;
        return out;
    }

    /**
     * The data before the padding.
     *
     * @throws IllegalArgumentException if the bytes do not end in 80 followed by zeros
     */
    public static byte[] unpad(byte[] padded) {
        int i = padded.length - 1;
        while (i >= 0 && padded[i] == 0) {
            i--;
        }
        if (i < 0 || padded[i] != (byte) 0x80) {
            throw new IllegalArgumentException("The decrypted data does not end with ISO/IEC 9797-1 padding.");
        }
        return Arrays.copyOf(padded, i);
    }
}

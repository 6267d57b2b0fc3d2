package io.github.eid4j.apdu.tlv;

/**
 * Writes the tag and length fields of an object. Lengths are always written in the shortest
 * form (X.690 §8.1.3 and DER), whatever form the parsed input used, so that everything this
 * package writes is byte for byte what a strict card or a signature check expects.
 */
final class BerHeader {
    /**
     * The largest encoded object this package builds: Java arrays cannot quite reach
     * Integer.MAX_VALUE on common VMs, and a clear exception beats an OutOfMemoryError.
     */
    static final int MAX_ENCODED_LENGTH = Integer.MAX_VALUE - 8;

    private BerHeader() {
    }

    static int lengthFieldSize(int length) {
        if (length < 0x80) {
            return 1;
        }
        if (length <= 0xFF) {
            return 2;
        }
        if (length <= 0xFFFF) {
            return 3;
        }
        return length <= 0xFFFFFF ? 4 : 5;
    }

    static int size(int tag, int length) {
        return Tags.byteCount(tag) + lengthFieldSize(length);
    }

    /** Writes tag and length at {@code pos} and returns the position after them. */
    static int write(int tag, int length, byte[] dst, int pos) {
        for (int shift = 8 * (Tags.byteCount(tag) - 1); shift >= 0; shift -= 8) {
            dst[pos++] = (byte) (tag >>> shift);
        }
        int lengthBytes = lengthFieldSize(length) - 1;
        if (lengthBytes > 0) {
            dst[pos++] = (byte) (0x80 | lengthBytes);
        }
        for (int shift = 8 * Math.max(lengthBytes - 1, 0); shift >= 0; shift -= 8) {
            dst[pos++] = (byte) (length >>> shift);
        }
        return pos;
    }

    static byte[] encode(int tag, int length) {
        byte[] header = new byte[size(tag, length)];
        write(tag, length, header, 0);
        return header;
    }

    /**
     * @throws TlvFormatException if an object with this tag and value length would not fit in
     *     one Java array
     */
    static void requireEncodable(int tag, long valueLength) {
        if (valueLength > MAX_ENCODED_LENGTH - Tags.byteCount(tag) - 5) {
            throw new TlvFormatException("An object with tag " + Tags.toHex(tag) + " and " + valueLength
                    + " value bytes is too large to encode in one Java array.");
        }
    }
}

package io.github.eid4j.apdu.tlv;

/**
 * BER-TLV tags as Java {@code int}s: the tag bytes in order, big-endian, so that a tag reads in
 * code as it is written in the standards (0x84, 0x5F20, 0x7F49, 0xDF21, 0x9F7F). A four-byte
 * tag whose first byte has bit 8 set is a negative {@code int}; every method here treats the
 * value as unsigned.
 *
 * <p>Rules, after ISO/IEC 7816-4 §5.2.2.1 and X.690 §8.1.2:
 * <ul>
 *   <li>A first byte whose low five bits are 11111 announces subsequent bytes; each subsequent
 *       byte except the last has bit 8 set.</li>
 *   <li>At most {@value #MAX_BYTES} bytes, the most an {@code int} holds; no smart-card
 *       specification uses longer tags.</li>
 *   <li>The first subsequent byte may not be 80, which would be a leading zero in the tag
 *       number.</li>
 *   <li>00 and FF are not tags: ISO 7816-4 reserves them as padding between objects.</li>
 * </ul>
 *
 * <p>A two-byte tag whose second byte is 00 to 1E (tag number below 31 in the long form) is
 * accepted even though ISO 7816-4 and DER call it invalid, because ICAO 9303 passports, which
 * eID middleware also reads, use 5F01, 5F0E and 5F1F.
 */
public final class Tags {
    /** The longest tag, in bytes, that this package parses or writes. */
    public static final int MAX_BYTES = 4;

    private Tags() {
    }

    /** How many bytes the tag takes when encoded, 1 to 4. */
    public static int byteCount(int tag) {
        if ((tag >>> 24) != 0) {
            return 4;
        }
        if ((tag >>> 16) != 0) {
            return 3;
        }
        return (tag >>> 8) != 0 ? 2 : 1;
    }

    /** The first tag byte, which carries the class and the constructed bit. */
    public static int firstByte(int tag) {
        return (tag >>> (8 * (byteCount(tag) - 1))) & 0xFF;
    }

    public static TagClass tagClass(int tag) {
        return TagClass.ofFirstByte(firstByte(tag));
    }

    /** Bit 6 of the first byte: the value is a sequence of BER-TLV objects, not plain bytes. */
    public static boolean isConstructed(int tag) {
        return (firstByte(tag) & 0x20) != 0;
    }

    public static boolean isValid(int tag) {
        return problem(tag) == null;
    }

    /**
     * @return {@code tag}, for use in expressions
     * @throws TlvFormatException if {@code tag} is not the {@code int} form of a valid tag
     */
    public static int requireValid(int tag) {
        String problem = problem(tag);
        if (problem != null) {
            throw new TlvFormatException(problem);
        }
        return tag;
    }

    /** The tag as it appears in traces and specifications: "5F20", "84", "DF818101". */
    public static String toHex(int tag) {
        return String.format("%0" + 2 * byteCount(tag) + "X", tag);
    }

    /** Why the tag is invalid, as a sentence, or null when it is valid. */
    private static String problem(int tag) {
        int count = byteCount(tag);
        int first = firstByte(tag);
        String hex = toHex(tag);
        if (first == 0x00 || first == 0xFF) {
            return "Tag " + hex + " is not allowed: ISO 7816-4 reserves a first tag byte of 00 or FF for padding.";
        }
        boolean announcesMore = (first & 0x1F) == 0x1F;
        if (count == 1) {
            return announcesMore
                    ? "Tag " + hex + " is incomplete: its low five bits 11111 announce a subsequent tag byte."
                    : null;
        }
        if (!announcesMore) {
            return "Tag " + hex + " is not one tag: its first byte " + hex.substring(0, 2)
                    + " does not announce subsequent tag bytes.";
        }
        for (int i = 1; i < count; i++) {
            int b = (tag >>> (8 * (count - 1 - i))) & 0xFF;
            boolean last = i == count - 1;
            if (i == 1 && b == 0x80) {
                return "Tag " + hex + " is not minimally encoded: its first subsequent byte is 80.";
            }
            if (last && (b & 0x80) != 0) {
                return "Tag " + hex + " is incomplete: its last byte " + String.format("%02X", b)
                        + " has bit 8 set, which announces another tag byte.";
            }
            if (!last && (b & 0x80) == 0) {
                return "Tag " + hex + " is not one tag: its byte " + String.format("%02X", b)
                        + " ends the tag before the last byte.";
            }
        }
        return null;
    }
}

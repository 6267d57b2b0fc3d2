package io.github.eid4j.apdu.tlv;

import java.util.List;

/**
 * Parses BER-TLV as smart cards use it (ISO/IEC 7816-4 §5.2, a subset of X.690 BER): tags of up
 * to four bytes, definite lengths of up to four length bytes, nesting of up to
 * {@value #MAX_DEPTH} levels.
 *
 * <p>What is accepted beyond DER, and why:
 * <ul>
 *   <li>Non-minimal long-form lengths such as {@code 81 05} or {@code 82 00 05}: real cards emit
 *       them. {@link TlvWriter} and {@link Tlv#encoded()} always write the minimal form.</li>
 *   <li>Two-byte tags with a tag number below 31, such as 5F01 (see {@link Tags}).</li>
 *   <li>00 and FF padding between objects, only with {@link Padding#SKIP}.</li>
 * </ul>
 *
 * <p>What is rejected: indefinite lengths (80), length fields of more than four bytes (85 to FF),
 * lengths beyond the bytes that remain, tags longer than four bytes or with a first subsequent
 * byte of 80, and anything after the last complete object. All problems are reported as
 * {@link TlvFormatException} with the offset of the object at fault.
 */
public final class BerTlv {
    /**
     * How many levels of objects may nest, counting the top level as 1. Card data rarely goes
     * beyond 5; the bound keeps hostile input from exhausting the stack.
     */
    public static final int MAX_DEPTH = 32;

    /** What to do with 00 and FF bytes where an object could start. */
    public enum Padding {
        /** Treat them as malformed input, as an error in the card's answer usually is. */
        REJECT,
        /**
         * Skip them before, between and after objects at every level. ISO 7816-4 allows this,
         * for example where a card erased an object in place or pads a record file.
         */
        SKIP
    }

    private BerTlv() {
    }

    /**
     * Parses exactly one object that fills the input.
     *
     * @throws TlvFormatException if the bytes are not one well-formed object
     */
    public static Tlv parse(byte[] bytes) {
        return parse(bytes, Padding.REJECT);
    }

    /**
     * Parses exactly one object, with padding before and after it allowed if {@code padding} is
     * {@link Padding#SKIP}.
     *
     * @throws TlvFormatException if the bytes are not one well-formed object
     */
    public static Tlv parse(byte[] bytes, Padding padding) {
        byte[] in = ownCopy(bytes);
        TlvParser parser = new TlvParser(in, padding == Padding.SKIP);
        int start = parser.skipPadding(0, in.length);
        if (start == in.length) {
            throw new TlvFormatException(in.length == 0
                    ? "There is no BER-TLV object, because the input is empty."
                    : "There is no BER-TLV object, because the input holds only padding.", start);
        }
        Tlv object = parser.single(start, in.length);
        int end = object.valueEnd();
        int rest = parser.skipPadding(end, in.length);
        if (rest < in.length) {
            throw new TlvFormatException("Tag " + Tags.toHex(object.tag()) + " at offset " + start
                    + " ends at offset " + end + ", but " + (in.length - end)
                    + " more bytes follow; parse expects exactly one object (parseAll reads a sequence).", end);
        }
        return object;
    }

    /**
     * Parses a sequence of top-level objects that fills the input; an empty input is an empty
     * sequence.
     *
     * @return an unmodifiable list
     * @throws TlvFormatException if any byte does not belong to a well-formed object
     */
    public static List<Tlv> parseAll(byte[] bytes) {
        return parseAll(bytes, Padding.REJECT);
    }

    /**
     * As {@link #parseAll(byte[])}, skipping 00 and FF padding at every level if {@code padding}
     * is {@link Padding#SKIP}.
     */
    public static List<Tlv> parseAll(byte[] bytes, Padding padding) {
        byte[] in = ownCopy(bytes);
        return new TlvParser(in, padding == Padding.SKIP).topLevel(0, in.length);
    }

    // The parsed objects share this array, so the caller must not be able to change it.
    private static byte[] ownCopy(byte[] bytes) {
        if (bytes == null) {
            throw new TlvFormatException("No BER-TLV bytes were given.", 0);
        }
        return bytes.clone();
    }
}

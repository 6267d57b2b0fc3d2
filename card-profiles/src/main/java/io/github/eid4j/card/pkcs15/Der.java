package io.github.eid4j.card.pkcs15;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * The byte-level side of the codecs: DER output, and input split into the top-level objects of
 * a PKCS#15 file, each parsed with BouncyCastle.
 *
 * <p>Why the splitting is done here and not by BouncyCastle's stream: a directory file (PrKDF,
 * AODF, EF.DIR...) is a plain concatenation of objects, and cards pad such files, and erase
 * objects in place, with 00 or FF bytes (ISO/IEC 7816-4 §5.2 allows both). Neither byte can
 * start a PKCS#15 object (00 would be an end-of-contents marker, FF a private-class tag), so they
 * are skipped between and after objects. OpenSC stops at the first such byte
 * ({@code asn1_decode} in asn1.c returns END_OF_CONTENTS); skipping reads the same files and
 * also those with an erased object in the middle.
 */
final class Der {
    private static final int MAX_TAG_BYTES = 4;
    private static final int MAX_LENGTH_BYTES = 4;

    private Der() {
    }

    static byte[] encode(ASN1Encodable object) {
        try {
            return object.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            // DER encoding into memory fails only on a bug in the model, never on input.
            throw new IllegalStateException("DER encoding failed: " + e.getMessage(), e);
        }
    }

    static byte[] concatenate(List<byte[]> parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** Exactly one object, which may be followed, but not preceded, by padding. */
    static <T> T decodeOne(byte[] bytes, String what, BiFunction<ASN1Primitive, String, T> decoder) {
        List<byte[]> objects = split(bytes, what);
        if (objects.isEmpty()) {
            throw new Pkcs15FormatException("The " + what + " is empty or holds only padding.");
        }
        if (objects.size() > 1) {
            throw new Pkcs15FormatException("The " + what + " holds " + objects.size()
                    + " objects where one was expected.");
        }
        if (isPadding(bytes[0])) {
            throw new Pkcs15FormatException("The " + what + " starts with padding instead of an object.");
        }
        return decode(objects.get(0), what, decoder);
    }

    /** Every object of a file, skipping padding before, between and after them. */
    static <T> List<T> decodeAll(byte[] bytes, String what, BiFunction<ASN1Primitive, String, T> decoder) {
        List<byte[]> objects = split(bytes, what);
        List<T> decoded = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            decoded.add(decode(objects.get(i), what + " (object " + (i + 1) + ")", decoder));
        }
        return List.copyOf(decoded);
    }

    /**
     * Runs a decoder, which gets the structure's name for its messages, and turns whatever the
     * ASN.1 library or the decoder's own conversions throw (IllegalArgumentException,
     * IllegalStateException, ClassCastException...) into one exception type, so that callers
     * handling a hostile or broken card catch only that.
     */
    static <T> T decode(byte[] encoded, String what, BiFunction<ASN1Primitive, String, T> decoder) {
        ASN1Primitive parsed;
        try {
            parsed = ASN1Primitive.fromByteArray(encoded);
        } catch (IOException | RuntimeException e) {
            throw new Pkcs15FormatException("The " + what + " is not well-formed ASN.1 ("
                    + e.getMessage() + ").", e);
        }
        try {
            return decoder.apply(parsed, what);
        } catch (Pkcs15FormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Pkcs15FormatException("The " + what + " does not have the expected structure ("
                    + e.getMessage() + ").", e);
        }
    }

    static boolean isPadding(byte b) {
        return b == 0x00 || b == (byte) 0xFF;
    }

    /** The complete TLV encodings of the top-level objects, found by reading headers only. */
    static List<byte[]> split(byte[] bytes, String what) {
        if (bytes == null) {
            throw new Pkcs15FormatException("No bytes were given for the " + what + ".");
        }
        List<byte[]> objects = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            if (isPadding(bytes[at])) {
                at++;
                continue;
            }
            int end = objectEnd(bytes, at, what);
            objects.add(Arrays.copyOfRange(bytes, at, end));
            at = end;
        }
        return objects;
    }

    private static int objectEnd(byte[] bytes, int start, String what) {
        int at = start;
        if ((bytes[at++] & 0x1F) == 0x1F) {
            int tagBytes = 1;
            do {
                if (at >= bytes.length) {
                    throw truncated(what, start);
                }
                if (++tagBytes > MAX_TAG_BYTES) {
                    throw new Pkcs15FormatException("The " + what + " has a tag of more than "
                            + MAX_TAG_BYTES + " bytes at offset " + start + ".");
                }
            } while ((bytes[at++] & 0x80) != 0);
        }
        if (at >= bytes.length) {
            throw truncated(what, start);
        }
        int first = bytes[at++] & 0xFF;
        long length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            // Indefinite lengths are BER only; no card writes them into a file it stores.
            throw new Pkcs15FormatException("The " + what + " has an indefinite length at offset "
                    + start + ", which a stored file must not use.");
        } else {
            int count = first & 0x7F;
            if (count > MAX_LENGTH_BYTES) {
                throw new Pkcs15FormatException("The " + what + " has a length field of " + count
                        + " bytes at offset " + start + ", more than " + MAX_LENGTH_BYTES + ".");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                if (at >= bytes.length) {
                    throw truncated(what, start);
                }
                length = (length << 8) | (bytes[at++] & 0xFF);
            }
        }
        if (length > bytes.length - at) {
            throw truncated(what, start);
        }
        return at + (int) length;
    }

    private static Pkcs15FormatException truncated(String what, int start) {
        return new Pkcs15FormatException("The " + what + " has an object at offset " + start
                + " that runs past the end of the data.");
    }
}

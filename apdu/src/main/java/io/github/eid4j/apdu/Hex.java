package io.github.eid4j.apdu;

import java.util.HexFormat;

/** Hex text for APDUs as people read them in traces and type them on command lines. */
public final class Hex {
    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ").withUpperCase();
    private static final HexFormat PLAIN = HexFormat.of().withUpperCase();

    private Hex() {
    }

    /** "00 A4 04 00": bytes separated by spaces, upper case. */
    public static String spaced(byte[] bytes) {
        return SPACED.formatHex(bytes);
    }

    public static String spaced(byte[] bytes, int from, int to) {
        return SPACED.formatHex(bytes, from, to);
    }

    /** "00A40400". */
    public static String plain(byte[] bytes) {
        return PLAIN.formatHex(bytes);
    }

    /**
     * Parses hex that may contain spaces, colons or line breaks between the digits.
     *
     * @throws ApduFormatException if a character is not a hex digit or the digit count is odd
     */
    public static byte[] decode(CharSequence text) {
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == ':' || c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                throw new ApduFormatException("'" + c + "' is not a hex digit.");
            }
            digits.append(c);
        }
        if (digits.length() % 2 != 0) {
            throw new ApduFormatException("Hex text has an odd number of digits (" + digits.length() + ").");
        }
        return PLAIN.parseHex(digits);
    }
}

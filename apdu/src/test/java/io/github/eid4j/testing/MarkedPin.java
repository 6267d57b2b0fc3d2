package io.github.eid4j.testing;

/**
 * A distinctive PIN that a test looks for in memory afterwards. It is kept as a number, never
 * as text, so that the test's own objects are no copies of it: its characters exist only in
 * the arrays a caller asks for (and wipes), and {@link PinResidue} compares digit by digit.
 */
public final class MarkedPin {
    /** What the tests make PIN1 (8 digits: any PIN rule takes them). */
    public static final MarkedPin PIN1 = new MarkedPin(73915824L);
    /** What the tests make PIN2. */
    public static final MarkedPin PIN2 = new MarkedPin(58264913L);

    private final int[] digits;

    /** @param value 4 to 18 digits, the first not 0, e.g. 73915824 */
    public MarkedPin(long value) {
        int n = 0;
        for (long rest = value; rest > 0; rest /= 10) {
            n++; // counted, not Long.toString: that String would be a copy of the PIN in the heap
        }
        if (n < 4 || n > 18) {
            throw new IllegalArgumentException("A marked PIN has 4 to 18 digits.");
        }
        digits = new int[n];
        long rest = value;
        for (int i = n - 1; i >= 0; i--) {
            digits[i] = (int) (rest % 10);
            rest /= 10;
        }
    }

    public int length() {
        return digits.length;
    }

    /** The ASCII code of digit {@code i}. */
    public byte ascii(int i) {
        return (byte) ('0' + digits[i]);
    }

    /** The PIN as characters, in a new array the caller wipes. */
    public char[] chars() {
        char[] out = new char[digits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (char) ascii(i);
        }
        return out;
    }

    /** The PIN as ASCII bytes, in a new array the caller wipes. */
    public byte[] bytes() {
        byte[] out = new byte[digits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ascii(i);
        }
        return out;
    }

    /** Never the PIN. */
    @Override
    public String toString() {
        return "a marked " + digits.length + "-digit PIN";
    }
}

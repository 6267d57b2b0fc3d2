package io.github.eid4j.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the fuzz tests that exchange several APDUs cut one input into them: each APDU behind its
 * length, one byte, or FF and two bytes (big-endian) for a longer one; the last one takes what
 * is left. A plain framing, rather than Jazzer's FuzzedDataProvider, so that a seed can be
 * written by hand from a recorded exchange ({@link #join}).
 */
public final class FuzzInput {
    private FuzzInput() {
    }

    /** The APDUs in {@code input} from offset {@code from}, at most {@code max} of them. */
    public static List<byte[]> split(byte[] input, int from, int max) {
        List<byte[]> out = new ArrayList<>();
        int at = from;
        while (at < input.length && out.size() < max) {
            int length = input[at++] & 0xFF;
            if (length == 0xFF && at + 1 < input.length) {
                length = ((input[at] & 0xFF) << 8) | (input[at + 1] & 0xFF);
                at += 2;
            }
            int end = Math.min(input.length, at + length);
            out.add(Arrays.copyOfRange(input, at, end));
            at = end;
        }
        return out;
    }

    /** The input that {@link #split} cuts into these APDUs after the given prefix bytes. */
    public static byte[] join(byte[] prefix, List<byte[]> apdus) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        for (byte[] apdu : apdus) {
            if (apdu.length < 0xFF) {
                out.write(apdu.length);
            } else {
                out.write(0xFF);
                out.write(apdu.length >> 8);
                out.write(apdu.length);
            }
            out.writeBytes(apdu);
        }
        return out.toByteArray();
    }
}

package io.github.eid4j.pkcs11;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Attribute values as C_GetAttributeValue returns them: CK_ULONG as 8 bytes in the machine's
 * order, CK_BBOOL as one byte, big integers unsigned big-endian, text as UTF-8 without a
 * terminator.
 */
final class Attributes {
    private Attributes() {
    }

    static byte[] ulong(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(value).array();
    }

    static long ulong(byte[] value) {
        if (value == null || value.length != 8) {
            throw new IllegalArgumentException("not a CK_ULONG");
        }
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getLong();
    }

    static byte[] ulongs(long... values) {
        ByteBuffer out = ByteBuffer.allocate(8 * values.length).order(ByteOrder.nativeOrder());
        for (long v : values) {
            out.putLong(v);
        }
        return out.array();
    }

    static byte[] bool(boolean value) {
        return new byte[] {(byte) (value ? 1 : 0)};
    }

    static boolean bool(byte[] value) {
        return value != null && value.length == 1 && value[0] != 0;
    }

    static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** A big integer as PKCS#11 wants it: unsigned, big-endian, no leading zero byte. */
    static byte[] bigInteger(BigInteger value) {
        byte[] b = value.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }
}

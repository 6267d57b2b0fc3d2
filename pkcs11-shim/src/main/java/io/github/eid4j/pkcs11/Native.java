package io.github.eid4j.pkcs11;

import static io.github.eid4j.pkcs11.Layouts.CK_ATTRIBUTE;
import static java.lang.foreign.ValueLayout.ADDRESS_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import io.github.eid4j.card.PinCharacters;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reading and writing the application's memory behind the pointers PKCS#11 passes. Pointers
 * arrive as zero-length segments; they are widened to the size the call's contract gives them.
 * Unaligned accessors are used throughout, so a misaligned struct is still read correctly.
 */
final class Native {
    /** Larger counts and lengths than this are nonsense from an application, not requests. */
    static final long MAX_LENGTH = 1 << 24;

    private Native() {
    }

    static boolean isNull(MemorySegment pointer) {
        return pointer == null || pointer.address() == 0;
    }

    /** The memory of a struct the application points to. */
    static MemorySegment struct(MemorySegment pointer, MemoryLayout layout) {
        return pointer.reinterpret(layout.byteSize());
    }

    static long getULong(MemorySegment pointer) {
        return pointer.reinterpret(8).get(JAVA_LONG_UNALIGNED, 0);
    }

    static void putULong(MemorySegment pointer, long value) {
        pointer.reinterpret(8).set(JAVA_LONG_UNALIGNED, 0, value);
    }

    static long getULong(MemorySegment struct, long offset) {
        return struct.get(JAVA_LONG_UNALIGNED, offset);
    }

    static void putULong(MemorySegment struct, long offset, long value) {
        struct.set(JAVA_LONG_UNALIGNED, offset, value);
    }

    static MemorySegment getPointer(MemorySegment struct, long offset) {
        return struct.get(ADDRESS_UNALIGNED, offset);
    }

    /** A length the application gave, checked to be usable as an array size. */
    static int length(long length, long rvIfTooLong) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new CkrException(rvIfTooLong);
        }
        return (int) length;
    }

    /** The bytes at {@code pointer}; a NULL pointer is allowed only with length 0. */
    static byte[] bytes(MemorySegment pointer, long length) {
        int n = length(length, Ck.CKR_ARGUMENTS_BAD);
        if (n == 0) {
            return new byte[0];
        }
        if (isNull(pointer)) {
            throw new CkrException(Ck.CKR_ARGUMENTS_BAD);
        }
        return pointer.reinterpret(n).toArray(JAVA_BYTE);
    }

    static void putBytes(MemorySegment pointer, byte[] value) {
        if (value.length > 0) {
            MemorySegment.copy(value, 0, pointer.reinterpret(value.length), JAVA_BYTE, 0, value.length);
        }
    }

    /** The PIN an application gave, as characters (UTF-8, as CK_UTF8CHAR is); the byte copy is wiped. */
    static char[] pin(MemorySegment pointer, long length) {
        byte[] raw = bytes(pointer, length);
        try {
            return PinCharacters.fromUtf8(raw, 0, raw.length);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** A PKCS#11 text field: UTF-8, blank-padded to {@code width} bytes, cut at a character boundary. */
    static void putText(MemorySegment struct, long offset, int width, String text) {
        byte[] out = new byte[width];
        Arrays.fill(out, (byte) ' ');
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(utf8.length, width);
        while (n < utf8.length && n > 0 && (utf8[n] & 0xC0) == 0x80) {
            n--; // do not split a multi-byte character
        }
        System.arraycopy(utf8, 0, out, 0, n);
        MemorySegment.copy(out, 0, struct, JAVA_BYTE, offset, width);
    }

    static void putVersion(MemorySegment struct, long offset, int major, int minor) {
        struct.set(JAVA_BYTE, offset, (byte) major);
        struct.set(JAVA_BYTE, offset + 1, (byte) minor);
    }

    /** A template from the application (CK_ATTRIBUTE[ulCount]): types and values, copied. */
    static List<TokenObject.Attribute> template(MemorySegment pTemplate, long ulCount) {
        int count = length(ulCount, Ck.CKR_ARGUMENTS_BAD);
        List<TokenObject.Attribute> out = new ArrayList<>(count);
        if (count == 0) {
            return out;
        }
        if (isNull(pTemplate)) {
            throw new CkrException(Ck.CKR_ARGUMENTS_BAD);
        }
        MemorySegment array = pTemplate.reinterpret(CK_ATTRIBUTE.byteSize() * count);
        for (int i = 0; i < count; i++) {
            MemorySegment a = array.asSlice(CK_ATTRIBUTE.byteSize() * i, CK_ATTRIBUTE.byteSize());
            out.add(new TokenObject.Attribute(getULong(a, Offsets.ATTRIBUTE_TYPE),
                    bytes(getPointer(a, Offsets.ATTRIBUTE_VALUE), getULong(a, Offsets.ATTRIBUTE_VALUE_LEN))));
        }
        return out;
    }
}

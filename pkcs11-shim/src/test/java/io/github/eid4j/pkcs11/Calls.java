package io.github.eid4j.pkcs11;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls the FFM tests make over and over, as a C application makes them: each with its
 * memory from the test's arena, each asserting CKR_OK where the test relies on it.
 */
final class Calls {
    private static final MemorySegment NULL = MemorySegment.NULL;

    private final NativeModule p11;
    private final Arena arena;

    Calls(NativeModule p11, Arena arena) {
        this.p11 = p11;
        this.arena = arena;
    }

    MemorySegment ulong(long value) {
        MemorySegment s = arena.allocate(JAVA_LONG);
        s.set(JAVA_LONG, 0, value);
        return s;
    }

    long openSession(long slot) {
        MemorySegment handle = ulong(0);
        assertThat(p11.call("C_OpenSession", slot, Ck.CKF_SERIAL_SESSION, NULL, NULL, handle)).isEqualTo(Ck.CKR_OK);
        return handle.get(JAVA_LONG, 0);
    }

    long login(long session, long userType, String pin) {
        MemorySegment value = arena.allocateFrom(pin, StandardCharsets.US_ASCII);
        return p11.call("C_Login", session, userType, value, (long) pin.length());
    }

    /** A CK_ATTRIBUTE array: type, value, type, value, ... (values: byte[] or a Long for a CK_ULONG). */
    MemorySegment template(Object... typesAndValues) {
        int n = typesAndValues.length / 2;
        MemorySegment t = arena.allocate(Layouts.CK_ATTRIBUTE, Math.max(n, 1));
        for (int i = 0; i < n; i++) {
            Object v = typesAndValues[2 * i + 1];
            byte[] bytes = v instanceof Long l ? Attributes.ulong(l) : (byte[]) v;
            MemorySegment value = arena.allocate(Math.max(bytes.length, 1));
            MemorySegment.copy(bytes, 0, value, JAVA_BYTE, 0, bytes.length);
            t.set(JAVA_LONG, 24L * i, (Long) typesAndValues[2 * i]);
            t.set(ADDRESS, 24L * i + 8, value);
            t.set(JAVA_LONG, 24L * i + 16, bytes.length);
        }
        return t;
    }

    List<Long> find(long session, Object... template) {
        assertThat(p11.call("C_FindObjectsInit", session, template(template), (long) template.length / 2)).isEqualTo(Ck.CKR_OK);
        MemorySegment handles = arena.allocate(JAVA_LONG, 16);
        MemorySegment count = ulong(0);
        assertThat(p11.call("C_FindObjects", session, handles, 16L, count)).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_FindObjectsFinal", session)).isEqualTo(Ck.CKR_OK);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count.get(JAVA_LONG, 0); i++) {
            out.add(handles.getAtIndex(JAVA_LONG, i));
        }
        return out;
    }

    long findOne(long session, Object... template) {
        List<Long> found = find(session, template);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    byte[] attribute(long session, long object, long type) {
        MemorySegment t = template(type, new byte[0]);
        t.set(ADDRESS, 8, NULL);
        assertThat(p11.call("C_GetAttributeValue", session, object, t, 1L)).isEqualTo(Ck.CKR_OK);
        long length = t.get(JAVA_LONG, 16);
        MemorySegment value = arena.allocate(Math.max(length, 1));
        t.set(ADDRESS, 8, value);
        assertThat(p11.call("C_GetAttributeValue", session, object, t, 1L)).isEqualTo(Ck.CKR_OK);
        return value.asSlice(0, length).toArray(JAVA_BYTE);
    }

    MemorySegment mechanism(long type) {
        MemorySegment m = arena.allocate(Layouts.CK_MECHANISM);
        m.set(JAVA_LONG, 0, type);
        return m;
    }

    byte[] sign(long session, byte[] data) {
        MemorySegment in = arena.allocateFrom(JAVA_BYTE, data);
        MemorySegment length = ulong(0);
        assertThat(p11.call("C_Sign", session, in, (long) data.length, NULL, length)).isEqualTo(Ck.CKR_OK);
        MemorySegment out = arena.allocate(length.get(JAVA_LONG, 0));
        assertThat(p11.call("C_Sign", session, in, (long) data.length, out, length)).isEqualTo(Ck.CKR_OK);
        return out.asSlice(0, length.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
    }
}

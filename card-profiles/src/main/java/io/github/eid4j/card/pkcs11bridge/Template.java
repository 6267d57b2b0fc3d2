package io.github.eid4j.card.pkcs11bridge;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * A CK_ATTRIBUTE array { CK_ATTRIBUTE_TYPE type; void *pValue; CK_ULONG ulValueLen; }, to find
 * or create objects with given values, or to read values (first their lengths, then the values).
 */
final class Template {
    private static final long POINTER_AT = Structs.align(Structs.ULONG, Structs.POINTER);
    private static final long LENGTH_AT = POINTER_AT + Structs.POINTER;
    private static final long STRIDE = Structs.align(LENGTH_AT + Structs.ULONG, Structs.POINTER);

    private final List<Long> types = new ArrayList<>();
    private final List<Memory> values = new ArrayList<>();
    private final List<Long> lengths = new ArrayList<>();

    Template with(long type, byte[] value) {
        types.add(type);
        values.add(value == null ? null : Structs.bytes(value));
        lengths.add(value == null ? 0L : value.length);
        return this;
    }

    Template with(long type, boolean value) {
        return with(type, new byte[] {(byte) (value ? 1 : 0)});
    }

    Template with(long type, long value) {
        Memory m = new Memory(Structs.ULONG);
        Structs.putUlong(m, 0, value);
        types.add(type);
        values.add(m);
        lengths.add((long) Structs.ULONG);
        return this;
    }

    /** An attribute to read. */
    Template read(long type) {
        return with(type, (byte[]) null);
    }

    int size() {
        return types.size();
    }

    /** The array with the values set, or with null values and zero lengths (a length query). */
    Memory array() {
        Memory m = new Memory(Math.max(1, STRIDE * types.size()));
        m.clear();
        for (int i = 0; i < types.size(); i++) {
            Memory value = values.get(i);
            Structs.putUlong(m, STRIDE * i, types.get(i));
            m.setPointer(STRIDE * i + POINTER_AT, value);
            Structs.putUlong(m, STRIDE * i + LENGTH_AT, lengths.get(i));
        }
        return m;
    }

    /** After a length query: room for each value the module has, none for one it has not. */
    void allocate(Pointer answered) {
        for (int i = 0; i < types.size(); i++) {
            long length = Structs.ulong(answered, STRIDE * i + LENGTH_AT);
            boolean none = length == Structs.UNAVAILABLE || length == 0;
            values.set(i, none ? null : new Memory(length));
            lengths.set(i, none ? 0L : length);
        }
    }

    /** After a read: the value of attribute i, null if the module has none. */
    static byte[] value(Pointer answered, int i) {
        long length = Structs.ulong(answered, STRIDE * i + LENGTH_AT);
        Pointer p = answered.getPointer(STRIDE * i + POINTER_AT);
        if (length == Structs.UNAVAILABLE || p == null) {
            return null;
        }
        return p.getByteArray(0, (int) length);
    }
}

package io.github.eid4j.pkcs11;

import static io.github.eid4j.pkcs11.Native.isNull;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * A variable-length output and PKCS#11's convention for it (section 5.2 of the base
 * specification): a NULL buffer asks for the length, answered with CKR_OK; a buffer shorter than
 * the output gets CKR_BUFFER_TOO_SMALL and the length needed; otherwise the output and its length
 * are written. Either of the first two keeps a cryptographic operation going, so the application
 * can call again with a buffer ({@link #ofOperation}). Every output of the module but
 * C_GetAttributeValue's (section 5.7 has its own rule) goes through here.
 */
final class Output {
    /** Makes the output, once the buffer is known to be there (a signature, a plaintext: card work). */
    interface Value {
        byte[] make();
    }

    private final MemorySegment buffer;
    private final MemorySegment pLength;

    private Output(MemorySegment buffer, MemorySegment pLength) {
        this.buffer = buffer;
        this.pLength = pLength;
    }

    /** The buffer and the CK_ULONG that says its length; CKR_ARGUMENTS_BAD without the latter. */
    static Output to(MemorySegment buffer, MemorySegment pLength) {
        CkrException.require(!isNull(pLength), Ck.CKR_ARGUMENTS_BAD);
        return new Output(buffer, pLength);
    }

    /**
     * An output whose length is known before it is made (a signature, a digest): a length query or
     * a short buffer is answered without making it.
     */
    long exactly(long length, Value value) {
        if (isNull(buffer) || Long.compareUnsigned(Native.getULong(pLength), length) < 0) {
            return answer(length, null);
        }
        return bytes(value.make());
    }

    /**
     * An output whose length is known only once it is made (a plaintext without its padding): a
     * length query gets the longest it can be; a short buffer gets its length after it is made.
     */
    long atMost(long maxLength, Value value) {
        if (isNull(buffer)) {
            return answer(maxLength, null);
        }
        return bytes(value.make());
    }

    long bytes(byte[] value) {
        return answer(value.length, () -> Native.putBytes(buffer, value));
    }

    /** A list of CK_ULONGs (slot IDs, mechanism types); the length is their count. */
    long ulongs(long[] values) {
        return answer(values.length, () -> {
            MemorySegment out = buffer.reinterpret(8L * values.length);
            for (int i = 0; i < values.length; i++) {
                out.set(JAVA_LONG_UNALIGNED, 8L * i, values[i]);
            }
        });
    }

    /** What an operation's last call answers through its output. */
    interface Answer {
        long write(Output out);
    }

    /**
     * The last output of an operation (C_Sign, C_Decrypt, C_DigestFinal...): when only the length
     * was answered the operation waits for the next call; otherwise, and on any error, {@code end}
     * ends it.
     */
    static long ofOperation(MemorySegment buffer, MemorySegment pLength, Runnable end, Answer answer) {
        boolean keep = false;
        try {
            Output out = to(buffer, pLength);
            long rv = answer.write(out);
            keep = out.onlyAnsweredLength(rv);
            return rv;
        } finally {
            if (!keep) {
                end.run();
            }
        }
    }

    private boolean onlyAnsweredLength(long rv) {
        return rv == Ck.CKR_BUFFER_TOO_SMALL || rv == Ck.CKR_OK && isNull(buffer);
    }

    private long answer(long length, Runnable write) {
        if (isNull(buffer)) {
            Native.putULong(pLength, length);
            return Ck.CKR_OK;
        }
        long room = Native.getULong(pLength);
        Native.putULong(pLength, length);
        if (write == null || Long.compareUnsigned(room, length) < 0) {
            return Ck.CKR_BUFFER_TOO_SMALL;
        }
        write.run();
        return Ck.CKR_OK;
    }
}

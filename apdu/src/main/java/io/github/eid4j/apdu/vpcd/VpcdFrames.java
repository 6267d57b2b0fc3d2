package io.github.eid4j.apdu.vpcd;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * vpcd's framing (a 2-byte big-endian length, then that many bytes) on one connection, through
 * one direct buffer that is zeroed after every frame: a command may carry a PIN and an answer a
 * key. A heap array given to a socket would be copied into the JDK's temporary direct buffers,
 * which are reused without ever being cleared. Used by one thread at a time.
 */
final class VpcdFrames {
    /** The longest message: 65535 bytes. */
    static final int MAX_MESSAGE = 0xFFFF;

    private static final byte[] ZEROS = new byte[2 + MAX_MESSAGE];

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(2 + MAX_MESSAGE);

    /** The next message, or null at a clean end of stream; EOFException if the stream ends inside a frame. */
    byte[] read(ReadableByteChannel in) throws IOException {
        try {
            int header = fill(in, 2);
            if (header == 0) {
                return null;
            }
            if (header < 2) {
                throw new EOFException("vpcd closed the connection inside a frame's length.");
            }
            int length = ((buffer.get(0) & 0xFF) << 8) | (buffer.get(1) & 0xFF);
            int read = fill(in, length);
            if (read < length) {
                throw new EOFException("vpcd closed the connection after " + read + " of " + length + " announced bytes.");
            }
            byte[] message = new byte[length];
            buffer.get(0, message);
            return message;
        } finally {
            zero();
        }
    }

    /** Writes one message as a frame. */
    void write(WritableByteChannel out, byte[] payload) throws IOException {
        if (payload.length > MAX_MESSAGE) {
            throw new IOException("A vpcd message holds at most 65535 bytes, not " + payload.length + ".");
        }
        try {
            buffer.clear();
            buffer.put((byte) (payload.length >> 8)).put((byte) payload.length).put(payload).flip();
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } finally {
            zero();
        }
    }

    /** Reads {@code n} bytes into the start of the buffer; fewer only if the stream ends first. */
    private int fill(ReadableByteChannel in, int n) throws IOException {
        buffer.clear().limit(n);
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                break;
            }
        }
        return buffer.position();
    }

    /** Zeroes what the last frame used: up to the limit, which the position never passes. */
    private void zero() {
        buffer.put(0, ZEROS, 0, buffer.limit());
        buffer.clear();
    }
}

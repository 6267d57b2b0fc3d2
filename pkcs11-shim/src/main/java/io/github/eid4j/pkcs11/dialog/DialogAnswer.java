package io.github.eid4j.pkcs11.dialog;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The dialog's answer to one request, on its standard output (a pipe to the module, never a
 * command line or the environment): "P" and the digits typed, or "C" for cancel or close, then a
 * newline. Every array that held the value is wiped here, on both sides.
 */
public final class DialogAnswer {
    /**
     * Reads in blocks at least as large as the JDK's pipe buffer: BufferedInputStream then reads
     * straight into our array and keeps no copy of the PIN in its own buffer, which nobody wipes.
     */
    private static final int BLOCK = 8192;

    private DialogAnswer() {
    }

    /** Writes the value typed (ASCII digits) and wipes every copy it made; the caller wipes {@code value}. */
    public static void writePin(OutputStream out, char[] value) throws IOException {
        byte[] line = new byte[value.length + 2];
        try {
            line[0] = 'P';
            for (int i = 0; i < value.length; i++) {
                line[i + 1] = (byte) value[i];
            }
            line[line.length - 1] = '\n';
            out.write(line);
            out.flush();
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }

    public static void writeCancel(OutputStream out) throws IOException {
        out.write(new byte[] {'C', '\n'});
        out.flush();
    }

    /**
     * The value the user typed (the caller wipes it), or null if the user cancelled or closed the
     * window.
     *
     * @throws EOFException if the dialog ended without answering (killed at the time limit)
     */
    public static char[] read(InputStream in) throws IOException {
        byte[] block = new byte[BLOCK];
        byte[] part = new byte[BLOCK];
        int length = 0;
        try {
            while (length == 0 || block[length - 1] != '\n') {
                int n = in.read(part, 0, BLOCK); // the whole block every time: see BLOCK
                if (n < 0) {
                    throw new EOFException("the PIN dialog ended without an answer");
                }
                if (length + n >= BLOCK) {
                    throw new IOException("the PIN dialog's answer is too long");
                }
                System.arraycopy(part, 0, block, length, n);
                length += n;
            }
            if (block[0] == 'C') {
                return null;
            }
            if (block[0] != 'P') {
                throw new IOException("the PIN dialog's answer is not one");
            }
            char[] value = new char[length - 2];
            for (int i = 0; i < value.length; i++) {
                value[i] = (char) (block[i + 1] & 0xff);
            }
            return value;
        } finally {
            Arrays.fill(block, (byte) 0);
            Arrays.fill(part, (byte) 0);
        }
    }
}

package io.github.eid4j.cli;

import io.github.eid4j.apdu.transport.TracingTransport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code eid --trace-file <file>}: the APDU trace of the command, as an APDU recording a
 * developer can replay (docs/recordings.md), for a user to send with a bug report. The lines are
 * the trace's own (TracingTransport redacts PINs, PUKs and deciphered data); this class only puts
 * them in the file, each as it happens, so a crash leaves what came before it. The card's
 * certificates are in it, with the holder's name: a new file is its owner's only (0600).
 */
final class TraceFile implements AutoCloseable {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its level and handler. */
    private static final Logger TRACE = Logger.getLogger(TracingTransport.LOGGER);

    private final BufferedWriter out;
    private final Handler handler;
    private final Level levelBefore;
    private IOException failure;

    private TraceFile(BufferedWriter out) {
        this.out = out;
        this.handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                // Only the trace's lines: the loggers below it (io.github.eid4j.apdu.pcsc...) say other things.
                if (TracingTransport.LOGGER.equals(record.getLoggerName())) {
                    line(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        this.levelBefore = TRACE.getLevel();
    }

    /** Starts writing the trace to {@code file}, replacing what it held. */
    static TraceFile open(Path file, String version) throws IOException {
        OutputFiles.checkWritable(file);
        boolean created = !Files.exists(file);
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        SeekableByteChannel channel = OutputFiles.posix()
                ? Files.newByteChannel(file, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY)) // never wider, not even at first
                : Files.newByteChannel(file, options);
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8));
        if (created) {
            OutputFiles.setMode(file, OWNER_ONLY); // the umask may have taken the owner's write away
        }
        TraceFile trace = new TraceFile(out);
        trace.line("# " + version + ": the APDUs of one eid command, as eid --trace-file writes them (docs/recordings.md).");
        trace.line("# PINs, PUKs and deciphered data are redacted; the card's certificates, with your name, are not.");
        // eid4j sends GET RESPONSE itself (PC/SC passes 61xx up), so the trace counts what crossed SCardTransmit.
        trace.line("# Each line crossed PC/SC (SCardTransmit), GET RESPONSE after 61xx included; a reader that works at APDU level"
                + " may still exchange more with a T=0 card below it.");
        if (trace.failure != null) {
            out.close();
            throw trace.failure;
        }
        TRACE.setLevel(Level.FINE);
        TRACE.addHandler(trace.handler);
        return trace;
    }

    /** Writes a line; a write that fails is reported when the trace closes, never to the card's caller. */
    private synchronized void line(String text) {
        if (failure != null) {
            return;
        }
        try {
            out.write(text);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    /**
     * Stops the trace.
     *
     * @throws IOException if a line could not be written (disk full): the file is not the whole trace
     */
    @Override
    public synchronized void close() throws IOException {
        TRACE.removeHandler(handler);
        TRACE.setLevel(levelBefore);
        out.close();
        if (failure != null) {
            throw failure;
        }
    }
}

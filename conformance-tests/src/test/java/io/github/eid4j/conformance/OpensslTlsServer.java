package io.github.eid4j.conformance;

import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * openssl s_server with -www: it asks for a client certificate (-Verify 1), refuses one it
 * cannot verify with the given CAs, and answers an HTTP request with what it saw: protocol,
 * the client's signature, and the client certificate (text and PEM). Its output is read as it
 * comes; it is ready when it says on which port it accepts (port 0: the system picks one).
 * Closing it ends the process.
 */
final class OpensslTlsServer implements AutoCloseable {
    private static final String KEY = "server.key";
    private static final String CERTIFICATE = "server.pem";

    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private boolean ended;
    private final int port;

    /**
     * Makes the server's own key and certificate (localhost, P-256) in {@code dir}, which clients
     * trust as a peer; returns the certificate (PEM).
     */
    static Path createIdentity(Path dir) throws Exception {
        ProgramRun.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve(KEY).toString(), "-out", dir.resolve(CERTIFICATE).toString(), "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost", "-days", "2").in(dir).run().ok();
        return dir.resolve(CERTIFICATE);
    }

    /** A server with the identity made in {@code dir}, accepting client certificates from the CAs in {@code cas}. */
    OpensslTlsServer(Path dir, Path cas, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Programs.find("openssl"), "s_server", "-accept", "127.0.0.1:0", "-www", "-Verify", "1",
                "-verify_return_error", "-CAfile", cas.toString(), "-cert", dir.resolve(CERTIFICATE).toString(),
                "-key", dir.resolve(KEY).toString()));
        command.addAll(List.of(options));
        process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            Thread reader = new Thread(this::read, "s_server output");
            reader.setDaemon(true);
            reader.start();
            port = Integer.parseInt(await(Pattern.compile("(?m)^ACCEPT .*:(\\d+)$")).group(1));
        } catch (Throwable e) {
            close();
            throw e;
        }
    }

    private void read() {
        try (BufferedReader in = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null;) {
                synchronized (output) {
                    output.append(line).append('\n');
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process was ended.
        } finally {
            synchronized (output) {
                ended = true;
                output.notifyAll();
            }
        }
    }

    int port() {
        return port;
    }

    /** Waits (at most 20 s) until the server has printed something that matches. */
    Matcher await(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        synchronized (output) {
            while (true) {
                Matcher m = pattern.matcher(output);
                if (m.find()) {
                    return m;
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError("openssl s_server " + (ended ? "ended" : "did not print " + pattern + " within 20 s")
                            + "; it printed:\n" + output);
                }
                TimeUnit.NANOSECONDS.timedWait(output, left);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}

package io.github.eid4j.pkcs11;

import io.github.eid4j.testing.Programs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program that a test talks to while it runs, through a window on an {@link XDisplay}: the test
 * waits for a line on its stderr (what the window shows), then types. Killed at close if still running.
 */
public final class Interactive implements AutoCloseable {
    private static final long LIMIT_SECONDS = 60;

    private final Process process;
    private final Path out;
    private final Path err;
    private final String name;
    /** How much of stderr earlier waits have read: each wait finds a new line. */
    private int seen;

    private Interactive(Process process, Path out, Path err, String name) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.name = name;
    }

    public static Interactive start(XDisplay display, Map<String, String> environment, String... command) throws IOException {
        Path out = Files.createTempFile("eid4j-interactive", ".out");
        Path err = Files.createTempFile("eid4j-interactive", ".err");
        List<String> line = new java.util.ArrayList<>(List.of(command));
        line.set(0, Programs.find(line.get(0)));
        ProcessBuilder pb = new ProcessBuilder(line).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().keySet().removeAll(List.of("EID4J_PKCS11_CONF", "EID4J_JAVA_HOME", "EID4J_HOME"));
        pb.environment().putAll(environment);
        return new Interactive(pb.start(), out, err, String.join(" ", command));
    }

    /**
     * Waits for a new line of stderr that contains {@code text}, and returns it; a short pause
     * after lets the window take the keyboard focus it asked for.
     */
    public String awaitErr(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        while (System.nanoTime() < deadline) {
            String all = err();
            int at = all.indexOf(text, seen);
            int end = at < 0 ? -1 : all.indexOf('\n', at);
            if (end >= 0) {
                seen = end + 1;
                Thread.sleep(300);
                return all.substring(all.lastIndexOf('\n', at) + 1, end);
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " ended (" + process.exitValue() + ") without printing '" + text + "':\n" + out() + all);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not print '" + text + "' within " + LIMIT_SECONDS + " s:\n" + out() + err());
    }

    /** Waits for the end and returns its exit code. */
    public int exit() throws IOException, InterruptedException {
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not finish within " + LIMIT_SECONDS + " s:\n" + out() + err());
        }
        return process.exitValue();
    }

    /** Its process id; a program started by setsid leads a session of that number. */
    long pid() {
        return process.pid();
    }

    public String out() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    public String err() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
    }
}

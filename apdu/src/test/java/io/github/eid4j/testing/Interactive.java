package io.github.eid4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program driven line by line through its standard input (PIN prompts), its output read as it
 * comes; the environment as for {@link ProgramRun}.
 */
public final class Interactive implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final OutputStream input;

    public Interactive(Path directory, Map<String, String> environment, String... command) throws IOException {
        String[] line = command.clone();
        line[0] = Programs.find(line[0]);
        ProcessBuilder pb = new ProcessBuilder(line).directory(directory.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeAll(ProgramRun.EID4J_VARIABLES);
        pb.environment().putAll(environment);
        process = pb.start();
        input = process.getOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream()), "output of " + command[0]);
        reader.setDaemon(true);
        reader.start();
    }

    private void copy(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (output) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Where the output is now: {@link #awaitAfter} looks only at what comes after it. */
    public int mark() {
        synchronized (output) {
            return output.length();
        }
    }

    /** Waits until the output after the mark holds the text; returns that part of the output. */
    public String awaitAfter(int mark, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (output) {
            while (output.indexOf(text, mark) < 0) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("'%s' within %d s; the program printed:%n%s", text, WAIT.toSeconds(), output).isPositive();
                TimeUnit.NANOSECONDS.timedWait(output, left);
            }
            return output.substring(mark);
        }
    }

    /** Waits until the whole output holds the text. */
    public String await(String text) throws InterruptedException {
        return awaitAfter(0, text);
    }

    /** Sends a line. */
    public void send(String line) throws IOException {
        input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        input.flush();
    }

    /** Closes its standard input: the program reads end of file. */
    public void endInput() throws IOException {
        input.close();
    }

    /** Waits for the program to end and returns its exit code. */
    public int exit() throws InterruptedException {
        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the program ends; it printed:%n%s", output).isTrue();
        return process.exitValue();
    }

    /** Kills the program (SIGKILL) if it still runs, and waits until it is gone. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the program is gone after SIGKILL").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.github.eid4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finds the copies of a PIN that a program leaves in its Java heap. The program (a scenario's
 * {@code main}) runs in a JVM of its own with the Epsilon collector, which never frees anything,
 * so every array that ever held the PIN is still there at the end, as in a core dump taken
 * before the collector happened to reuse the memory; the scenario dumps its heap last
 * ({@link #dumpHeap}), unreachable objects included, and the dump is searched for the PIN's
 * digits as ASCII (which covers PIN blocks) and as UTF-16 characters, in either byte order.
 */
public final class PinResidue {
    private static final long TIMEOUT_SECONDS = 180;

    private PinResidue() {
    }

    /**
     * The copies of one PIN found in a heap dump: as ASCII bytes, {@code blocks} of them padded with
     * 00 to the block length given to {@link #count}, and as UTF-16 characters.
     */
    public record Copies(int ascii, int blocks, int utf16) {
        /** Every copy: as ASCII bytes (PIN blocks among them) and as characters. */
        public int total() {
            return ascii + utf16;
        }

        @Override
        public String toString() {
            return ascii + " as ASCII bytes (" + blocks + " of them PIN blocks), " + utf16 + " as UTF-16 characters";
        }
    }

    /** For a scenario's main, as its last step: dumps this JVM's heap, unreachable objects included. */
    public static void dumpHeap(Path file) throws IOException, ReflectiveOperationException {
        Files.deleteIfExists(file);
        // HotSpotDiagnosticMXBean.dumpHeap(file, live = false), by reflection: this test package is
        // compiled into the apdu module, which does not read java.management.
        Class<?> diagnostics = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
        Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getPlatformMXBean", Class.class)
                .invoke(null, diagnostics);
        diagnostics.getMethod("dumpHeap", String.class, boolean.class).invoke(bean, file.toString(), false);
    }

    /** What a scenario left: its heap dump (if it got that far), its exit code and what it printed. */
    public record Run(Path dump, int exit, String output) {
    }

    /**
     * Runs {@code main} in a JVM that never collects garbage, with the test's class path. Its
     * arguments are the dump file, then {@code args}; it dumps its heap last, also when a step
     * failed (then it exits with 1), so that the copies are counted either way.
     *
     * @param stdin what the program reads on standard input (through a pipe), or null for nothing
     * @param environment variables added to this process's
     * @param jvmOptions extra options, e.g. system properties
     */
    public static Run run(Path dir, Class<?> main, byte[] stdin, Map<String, String> environment, List<String> jvmOptions,
            String... args) throws IOException, InterruptedException {
        Path dump = dir.resolve(main.getSimpleName() + ".hprof");
        Path output = dir.resolve(main.getSimpleName() + ".out");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-Xmx4g",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(main.getName());
        command.add(dump.toString());
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not finish within " + TIMEOUT_SECONDS + " s; it printed:\n"
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Run(dump, p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /**
     * Asserts that the scenario's heap dump holds no copy of {@link MarkedPin#PIN1} or
     * {@link MarkedPin#PIN2}, naming how many of each it found, and then that the scenario did
     * all it had to.
     *
     * @param blockLength the length of the card's PIN block
     */
    public static void assertNoCopies(Run run, int blockLength) throws IOException {
        assertThat(run.dump()).as("the heap dump; the scenario exited with %d and printed:%n%s", run.exit(), run.output()).exists();
        Copies pin1 = count(run.dump(), MarkedPin.PIN1, blockLength);
        Copies pin2 = count(run.dump(), MarkedPin.PIN2, blockLength);
        assertThat(pin1.total() + pin2.total()).as("copies left in the heap: of PIN1 %s; of PIN2 %s; the scenario printed:%n%s",
                pin1, pin2, run.output()).isZero();
        assertThat(run.exit()).as("exit code of the scenario; it printed:%n%s", run.output()).isZero();
    }

    /**
     * The copies of {@code pin} in a heap dump (an HPROF file: the content of byte arrays as it
     * is, of char arrays as big-endian UTF-16; both byte orders are searched).
     *
     * @param blockLength the length of the card's PIN block (ASCII digits padded with 00)
     */
    public static Copies count(Path dump, MarkedPin pin, int blockLength) throws IOException {
        byte[] digits = pin.bytes();
        int n = digits.length;
        int window = Math.max(2 * n, blockLength);
        int ascii = 0;
        int blocks = 0;
        int utf16 = 0;
        ByteBuffer buffer = ByteBuffer.allocate(16 << 20);
        try (FileChannel file = FileChannel.open(dump, StandardOpenOption.READ)) {
            boolean end = false;
            while (!end) {
                end = file.read(buffer) < 0;
                byte[] b = buffer.array();
                int limit = buffer.position();
                // Match starts up to where a whole window fits; the rest is kept for the next round.
                int last = end ? limit - n : limit - window;
                int i = 0;
                for (; i <= last; i++) {
                    if (b[i] == digits[0] && matches(b, i, limit, digits, 1, 0)) {
                        ascii++;
                        if (zeros(b, i + n, Math.min(limit, i + blockLength)) && i + blockLength <= limit) {
                            blocks++;
                        }
                    } else if (b[i] == digits[0] && matches(b, i, limit, digits, 2, 1)) {
                        utf16++; // little-endian: digit, 00
                    } else if (b[i] == 0 && i + 1 < limit && b[i + 1] == digits[0] && matches(b, i + 1, limit, digits, 2, -1)) {
                        utf16++; // big-endian: 00, digit
                    }
                }
                buffer.limit(limit).position(Math.min(i, limit));
                buffer.compact();
            }
        } finally {
            Arrays.fill(digits, (byte) 0);
        }
        return new Copies(ascii, blocks, utf16);
    }

    /**
     * Whether the digits follow at {@code at} with {@code stride} bytes each; {@code zeroAt}
     * 1 or -1: the byte after (before) each digit must be 00, 0: no such byte.
     */
    private static boolean matches(byte[] b, int at, int limit, byte[] digits, int stride, int zeroAt) {
        if (at + stride * (digits.length - 1) + Math.max(zeroAt, 0) >= limit) {
            return false;
        }
        for (int k = 0; k < digits.length; k++) {
            int p = at + stride * k;
            if (b[p] != digits[k] || zeroAt != 0 && b[p + zeroAt] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

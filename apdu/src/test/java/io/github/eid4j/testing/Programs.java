package io.github.eid4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Programs nobody here wrote (opensc-tool, pkcs15-tool, ...), run as the integration tests' independent clients. */
public final class Programs {
    private Programs() {
    }

    /** The index opensc-tool gives the reader with this name, from {@code opensc-tool -l}. */
    public static String openscReaderIndex(String readerName) throws IOException, InterruptedException {
        String list = run("opensc-tool", "-l");
        for (String line : list.split("\n")) {
            String l = line.strip();
            if (l.endsWith(readerName) && !l.isEmpty() && Character.isDigit(l.charAt(0))) {
                return l.split("\\s+")[0];
            }
        }
        throw new AssertionError("opensc-tool -l does not list " + readerName + ":\n" + list);
    }

    /** Runs a program to its end (at most 30 s) and returns what it printed; fails the test on a non-zero exit. */
    public static String run(String... command) throws IOException, InterruptedException {
        return runWith(java.util.List.of(), command);
    }

    /** {@link #run} with extra environment variables, each "NAME=value". */
    public static String runWith(java.util.List<String> environment, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("eid4j-it", ".txt");
        try {
            Process p;
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
                for (String variable : environment) {
                    int eq = variable.indexOf('=');
                    pb.environment().put(variable.substring(0, eq), variable.substring(eq + 1));
                }
                p = pb.start();
            } catch (IOException e) {
                throw new AssertionError(command[0] + " cannot be started; install it (Debian package opensc).", e);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 30 s.");
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("exit code of %s; it printed:%n%s", String.join(" ", command), out).isZero();
            return out;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}

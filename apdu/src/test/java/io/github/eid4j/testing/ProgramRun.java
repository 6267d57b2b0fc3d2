package io.github.eid4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a program to its end, as a user starts it: its standard output and error captured
 * apart, a time limit after which it is killed and the test fails, standard input from a text or
 * a file (else closed at once), and only the environment the test gives for eid4j's own
 * variables. PINs given to OpenSC's tools on the command line travel in the environment instead.
 */
public final class ProgramRun {
    /** The variables through which eid4j finds its configuration; a run sees only those the test gives. */
    static final List<String> EID4J_VARIABLES = List.of("EID4J_PKCS11_CONF", "EID4J_JAVA_HOME", "JAVA_HOME", "EID4J_HOME");

    private static final List<String> SECRET_OPTIONS = List.of("--pin", "--so-pin", "--puk", "--new-pin");

    private final List<String> command;
    private Path directory;
    private final Map<String, String> environment = new HashMap<>();
    private byte[] input;
    private Path inputFile;
    private Duration limit = Duration.ofSeconds(60);
    private boolean merged;

    private ProgramRun(List<String> command) {
        this.command = new ArrayList<>(command);
    }

    /** The program (a name found on PATH, or a path) and its arguments. */
    public static ProgramRun of(String... command) {
        return new ProgramRun(List.of(command));
    }

    public static ProgramRun of(List<String> command) {
        return new ProgramRun(command);
    }

    /** Runs it in this folder (default: the test's working folder). */
    public ProgramRun in(Path folder) {
        this.directory = folder;
        return this;
    }

    /** Adds these environment variables. */
    public ProgramRun with(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** Gives this text on standard input, then end of file. */
    public ProgramRun input(String text) {
        this.input = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Gives this file on standard input. */
    public ProgramRun input(Path file) {
        this.inputFile = file;
        return this;
    }

    /** Captures standard error into standard output, in the order the program wrote them; {@link Result#err} is then empty. */
    public ProgramRun merged() {
        this.merged = true;
        return this;
    }

    /** Kills it and fails the test when it has not ended within this time (default 60 s). */
    public ProgramRun within(Duration time) {
        this.limit = time;
        return this;
    }

    /** What a program did. */
    public record Result(int exit, String out, String err) {
        /** Standard output, then standard error. */
        public String all() {
            return out + err;
        }

        /** This result, after asserting that the program succeeded. */
        public Result ok() {
            assertThat(exit).as("exit code; it printed:%n%s", all()).isZero();
            return this;
        }
    }

    /** Runs the program to its end. */
    public Result run() throws IOException, InterruptedException {
        Map<String, String> secrets = new HashMap<>();
        List<String> line = secretsToEnvironment(secrets);
        line.set(0, Programs.find(line.get(0)));
        Path out = Files.createTempFile("eid4j-program", ".out");
        Path err = Files.createTempFile("eid4j-program", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(line).redirectOutput(out.toFile());
            if (merged) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(err.toFile());
            }
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            if (inputFile != null) {
                pb.redirectInput(inputFile.toFile());
            }
            // Only what the test gives: a program must not find eid4j's config or Java through the build's environment.
            pb.environment().keySet().removeAll(EID4J_VARIABLES);
            pb.environment().putAll(environment);
            pb.environment().putAll(secrets);
            Process p = pb.start();
            if (inputFile == null) {
                try (OutputStream in = p.getOutputStream()) {
                    if (input != null) {
                        in.write(input);
                    }
                } catch (IOException e) {
                    // it ended, or closed its input, before reading all of it; its exit code says the rest
                }
            }
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", line) + " did not finish within " + limit.toSeconds() + " s; it printed:\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * The command with the values of OpenSC's PIN options moved to environment variables
     * ("--pin env:EID4J_TEST_SECRET_0", which OpenSC's tools read), so that no PIN is in the
     * process list or in a failure message that repeats the command.
     */
    private List<String> secretsToEnvironment(Map<String, String> secrets) {
        List<String> out = new ArrayList<>(command);
        for (int i = 1; i + 1 < out.size(); i++) {
            if (SECRET_OPTIONS.contains(out.get(i)) && !out.get(i + 1).startsWith("env:")) {
                String name = "EID4J_TEST_SECRET_" + secrets.size();
                secrets.put(name, out.get(i + 1));
                out.set(i + 1, "env:" + name);
            }
        }
        return out;
    }
}

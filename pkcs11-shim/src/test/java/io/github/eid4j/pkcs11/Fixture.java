package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the integration tests share: the built module (target/dist, from the failsafe property
 * eid4j.pkcs11.dist), virtual cards in a home of their own, config files, and external programs
 * run to their end. A missing program is a failure, never a skip.
 */
final class Fixture {
    private Fixture() {
    }

    static Path dist() {
        String dist = System.getProperty("eid4j.pkcs11.dist");
        assertThat(dist).as("system property eid4j.pkcs11.dist (set by failsafe)").isNotNull();
        Path path = Path.of(dist);
        assertThat(path.resolve("libeid4j-pkcs11.so")).as("the built module; run 'mvn package' first").exists();
        return path;
    }

    static Path module() {
        return dist().resolve("libeid4j-pkcs11.so");
    }

    /** Creates activated virtual cards (PIN1 1234, PIN2 123456, PUK 12345678): name, profile, name, profile, ... */
    static void createCards(Path home, String... namesAndProfiles) throws IOException {
        VirtualCards cards = new VirtualCards(home);
        for (int i = 0; i < namesAndProfiles.length; i += 2) {
            cards.create(namesAndProfiles[i], namesAndProfiles[i + 1], true);
        }
    }

    /**
     * A copy of the module in {@code folder}, with a config beside it that shows only the PC/SC
     * readers (cards from {@code home}), joined to this JVM through FFM as a C application loads it.
     */
    static NativeModule readerModule(Path folder, Path home) throws Throwable {
        Files.createDirectories(folder);
        Path so = Files.copy(module(), folder.resolve("libeid4j-pkcs11.so"), StandardCopyOption.REPLACE_EXISTING);
        writeConfig(folder.resolve(EID4J_CONF), home, List.of(), "readers = true");
        return new NativeModule(so);
    }

    /** The config file's name, beside the module. */
    static final String EID4J_CONF = "eid4j-pkcs11.conf";

    /**
     * A config file for the module: the build's JDK, dist/lib, the cards in home, no PC/SC readers
     * (tests through pcscd say "readers = true" in the extra lines), and extra lines.
     */
    static Path writeConfig(Path file, Path home, List<String> cards, String... extraLines) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("java.home = " + System.getProperty("java.home"));
        lines.add("jars = " + dist().resolve("lib"));
        lines.add("jvm.option = -XX:+UseSerialGC");
        lines.add("jvm.option = -XX:TieredStopAtLevel=1");
        lines.add("eid4j.home = " + home);
        for (String card : cards) {
            lines.add("virtual.card = " + card);
        }
        if (List.of(extraLines).stream().noneMatch(l -> l.startsWith("readers"))) {
            lines.add("readers = false");
        }
        lines.addAll(List.of(extraLines));
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** What a program did. */
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }

        Result ok() {
            assertThat(exit).as("exit code; it printed:%n%s", all()).isZero();
            return this;
        }
    }

    /**
     * Runs a program to its end (at most 60 s) with extra environment variables; EID4J_PKCS11_CONF,
     * EID4J_JAVA_HOME, JAVA_HOME and EID4J_HOME only if given.
     */
    static Result run(Map<String, String> environment, Path directory, String... command) throws IOException, InterruptedException {
        return runWithInput(environment, directory, null, command);
    }

    /** {@link #run} with standard input read from a file (null: a pipe that gives the program nothing). */
    static Result runWithInput(Map<String, String> environment, Path directory, Path input, String... command)
            throws IOException, InterruptedException {
        Map<String, String> secrets = new java.util.HashMap<>();
        command = secretsToEnvironment(command, secrets);
        Path out = Files.createTempFile(directory, "out", ".txt");
        Path err = Files.createTempFile(directory, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        if (input != null) {
            pb.redirectInput(input.toFile());
        }
        // Only what a test gives: the module must not find its config or Java through the build's environment.
        pb.environment().keySet().removeAll(List.of("EID4J_PKCS11_CONF", "EID4J_JAVA_HOME", "JAVA_HOME", "EID4J_HOME"));
        pb.environment().putAll(environment);
        pb.environment().putAll(secrets);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " cannot be started: install it (Debian packages opensc, openssl, gnutls-bin, "
                    + "libnss3-tools, libengine-pkcs11-openssl); "
                    + "./test does so when run as root.", e);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s.");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static final List<String> SECRET_OPTIONS = List.of("--pin", "--so-pin", "--puk", "--new-pin");

    /**
     * The command with the values of pkcs11-tool's PIN options moved to environment variables
     * ("--pin env:EID4J_TEST_SECRET_0", which OpenSC's tools read), so that no PIN is in the
     * process list or in a failure message that repeats the command.
     */
    private static String[] secretsToEnvironment(String[] command, Map<String, String> secrets) {
        String[] out = command.clone();
        for (int i = 1; i + 1 < out.length; i++) {
            if (SECRET_OPTIONS.contains(out[i]) && !out[i + 1].startsWith("env:")) {
                String name = "EID4J_TEST_SECRET_" + secrets.size();
                secrets.put(name, out[i + 1]);
                out[i + 1] = "env:" + name;
            }
        }
        return out;
    }
}

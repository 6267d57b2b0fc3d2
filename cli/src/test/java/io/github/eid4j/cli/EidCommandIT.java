package io.github.eid4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eid command as a separate process, as a user runs it, with EID4J_HOME pointing at a fresh
 * folder, against the pcscd that ./test starts (vpcd readers "Virtual PCD 00 00" and "00 01").
 */
class EidCommandIT {
    @TempDir
    Path home;

    record Run(int exit, String out) {
    }

    private ProcessBuilder eid(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Eid.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("EID4J_HOME", home.toString());
        return pb;
    }

    private Run run(String... args) throws IOException, InterruptedException {
        Process p = eid(args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static String readerLine(String readers, String name) {
        for (String line : readers.split("\n")) {
            if (line.contains(name)) {
                return line;
            }
        }
        throw new AssertionError("eid readers does not list " + name + ":\n" + readers);
    }

    @Test
    void createServeSeeAndRemoveAVirtualCard() throws Exception {
        Run created = run("virtual", "create", "--profile", "iso-test", "alice");
        assertThat(created.exit()).as(created.out()).isZero();
        assertThat(created.out()).contains("Created virtual card 'alice' (iso-test)").containsPattern("PUK: [0-9]{8}")
                .contains("as safe as a PKCS#12 file");
        Path folder = home.resolve("cards/alice");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(run("virtual", "list").out()).contains("alice").contains("iso-test: generic ISO 7816 test card");

        Run before = run("readers");
        assertThat(before.exit()).as(before.out()).isZero();
        assertThat(readerLine(before.out(), "Virtual PCD 00 00")).endsWith("no card");

        Process serve = eid("virtual", "serve", "alice").start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            assertThat(first).startsWith("Serving 'alice' on vpcd slot 0").contains("inserted in reader \"Virtual PCD 00 00\"");
            String present = awaitReaders("Virtual PCD 00 00", "card present");
            assertThat(present).contains("ATR 3B 8A 80 01");

            Run second = run("virtual", "serve", "alice");
            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.out().strip()).isEqualTo("eid: The virtual card at " + folder + " is in use by another program.");
        } finally {
            serve.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook removes the card
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(awaitReaders("Virtual PCD 00 00", "no card")).endsWith("no card");

        Run deleted = run("virtual", "delete", "alice");
        assertThat(deleted.exit()).as(deleted.out()).isZero();
        assertThat(folder).doesNotExist();
    }

    @Test
    void twoCardsAtOnceOnSeparateSlots() throws Exception {
        assertThat(run("virtual", "create", "--profile", "iso-test", "--activated", "one").exit()).isZero();
        assertThat(run("virtual", "create", "--profile", "iso-test", "--activated", "two").exit()).isZero();
        Process serve = eid("virtual", "serve", "one", "two").start();
        try {
            awaitReaders("Virtual PCD 00 00", "card present");
            awaitReaders("Virtual PCD 00 01", "card present");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        awaitReaders("Virtual PCD 00 00", "no card");
        awaitReaders("Virtual PCD 00 01", "no card");
    }

    /** Runs 'eid readers' until the reader's line contains {@code state} (10 s at most) and returns that line. */
    private String awaitReaders(String reader, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String line = "";
        while (System.nanoTime() < deadline) {
            line = readerLine(run("readers").out(), reader);
            if (line.contains(state)) {
                return line;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Reader " + reader + " did not show '" + state + "' within 10 s; last: " + line);
    }
}

package io.github.eid4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What eid writes has its own modes, whatever the umask of the shell that runs it: the home and
 * the virtual cards (private keys, PIN state) are the owner's only, and what a user hands on
 * (exported certificates, signatures) is readable by all. eid runs as a separate process under
 * the umask, because a JVM cannot change its own.
 */
class FileModesTest {
    @TempDir
    Path temp;

    private Path home;

    /** Runs eid in {@code sh} after {@code umask <umask>}, with {@code input} on its standard input; fails unless it exits 0. */
    private String eid(String umask, String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$@\"", "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Eid.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("EID4J_HOME", home.toString());
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("eid " + String.join(" ", args) + " under umask " + umask + ":\n" + out).isZero();
        return out;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @ParameterizedTest(name = "umask {0}")
    @ValueSource(strings = {"000", "277"})
    void modesAreExplicitWhateverTheUmask(String umask) throws Exception {
        home = temp.resolve("home"); // eid makes it, and cards/ in it
        eid(umask, "", "virtual", "create", "--profile", "fineid-v4", "--activated", "card");
        eid(umask, "", "status", "--virtual", "card"); // opens the card again: the lock file exists already

        assertThat(mode(home)).isEqualTo("rwx------");
        assertThat(mode(home.resolve("cards"))).isEqualTo("rwx------");
        List<Path> inCard;
        try (Stream<Path> walk = Files.walk(home.resolve("cards/card"))) {
            inCard = walk.toList();
        }
        assertThat(inCard).extracting(p -> p.getFileName().toString()).contains("lock", "state.properties", "card.properties", "keys", "files")
                .noneMatch(name -> name.endsWith(".tmp"));
        for (Path p : inCard) {
            assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }

        Path export = temp.resolve("exported/certs"); // two folders to make
        eid(umask, "", "certs", "--virtual", "card", "--export", export.toString());
        assertThat(mode(export.getParent())).isEqualTo("rwxr-xr-x");
        assertThat(mode(export)).isEqualTo("rwxr-xr-x");
        try (Stream<Path> pems = Files.list(export)) {
            List<Path> files = pems.toList();
            assertThat(files).extracting(p -> p.getFileName().toString()).contains("authentication.pem", "signature.pem", "ca-1.pem");
            for (Path pem : files) {
                assertThat(mode(pem)).as(pem.toString()).isEqualTo("rw-r--r--");
            }
        }

        Path document = temp.resolve("contract.txt");
        Files.writeString(document, "Sopimus\n");
        eid(umask, "123456\n", "sign", "--virtual", "card", document.toString());
        assertThat(mode(Path.of(document + ".p7s"))).isEqualTo("rw-r--r--");

        // A file that is there already keeps the mode its owner gave it.
        Path kept = temp.resolve("private.p7s");
        Files.writeString(kept, "");
        Files.setPosixFilePermissions(kept, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        eid(umask, "123456\n", "sign", "--virtual", "card", document.toString(), "-o", kept.toString());
        assertThat(mode(kept)).isEqualTo("rw-------");
        assertThat(Files.size(kept)).isPositive();
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file is left")
                    .containsExactlyInAnyOrder("home", "exported", "contract.txt", "contract.txt.p7s", "private.p7s");
        }
    }
}

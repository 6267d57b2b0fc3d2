package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * NSS logs in to a TLS server through the module browsers get from {@code eid register} by
 * default, libeid4j-pkcs11-login-remote.so: NSS loads p11-kit's client, and the login module with
 * its JVM runs in the {@code p11-kit remote} child the client starts. NSS's tstclnt, as a browser,
 * picks the card's authentication certificate from a database that shows the PIN1 token only,
 * logs in with the PIN and signs the TLS 1.3 handshake with what p11-kit's protocol carries: the
 * v4 card's raw ECDSA, the v3 card's RSA-PSS. OpenSSL's server checks the certificate and the
 * signature. And the child holding the JVM ends when its host is killed, as a crashed browser is.
 */
class OutOfProcessModuleIT {
    @TempDir
    static Path dir;
    private static Path home;
    private static Path pin;
    private static Path serverCert;

    @BeforeAll
    static void cards() throws Exception {
        home = dir.resolve("home");
        Fixture.createCards(home, "v4", "fineid-v4", "v3", "fineid-v3");
        pin = Files.createFile(dir.resolve("pin.txt"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pin, FineidVirtualCard.TEST_PIN1 + "\n");
        serverCert = OpensslTlsServer.createIdentity(dir);
    }

    private static ProgramRun.Result nss(String card, String... command) throws Exception {
        return ProgramRun.of(command).with(Map.of("EID4J_PKCS11_CONF", dir.resolve(card + ".conf").toString(), "LC_ALL", "C.UTF-8")).in(dir).run();
    }

    @ParameterizedTest
    @CsvSource({"v4, ECDSA", "v3, RSA-PSS"})
    void tstclntLogsInThroughTheModuleOutOfProcess(String card, String signatureType) throws Exception {
        Fixture.writeConfig(dir.resolve(card + ".conf"), home, List.of(card));
        Path library = Fixture.dist().resolve("libeid4j-pkcs11-login-remote.so");
        String sql = "sql:" + Files.createDirectories(dir.resolve("nss-" + card));
        nss(card, "certutil", "-N", "-d", sql, "--empty-password").ok();
        nss(card, "modutil", "-dbdir", sql, "-add", "eid4j", "-libfile", library.toString(), "-force").ok();
        String modules = nss(card, "modutil", "-dbdir", sql, "-list").ok().out();
        assertThat(modules).contains("library name: " + library, "slots: 1 slot attached").doesNotContain("(PIN2)");
        Matcher token = Pattern.compile("token: (Maija Meikäläinen \\(PIN1\\) #\\w{4})").matcher(modules);
        assertThat(token.find()).as("the PIN1 token in:%n%s", modules).isTrue();

        StringBuilder cas = new StringBuilder();
        for (String ca : List.of("eid4j TEST Root CA", "eid4j TEST Citizen Certificates CA")) {
            cas.append(nss(card, "certutil", "-L", "-d", sql, "-h", token.group(1), "-f", pin.toString(), "-n", token.group(1) + ":" + ca, "-a")
                    .ok().out());
        }
        Path casFile = Files.writeString(dir.resolve(card + "-cas.pem"), cas);
        nss(card, "certutil", "-A", "-d", sql, "-n", "server", "-t", "P,,", "-a", "-i", serverCert.toString()).ok();
        Path request = Files.writeString(dir.resolve("request.txt"), "GET / HTTP/1.0\r\n\r\n");
        try (OpensslTlsServer server = new OpensslTlsServer(dir, casFile)) {
            // No terminal (setsid): NSS must take the PIN from the file, never ask.
            String page = nss(card, "setsid", "-w", "tstclnt", "-h", "localhost", "-4", "-p", "" + server.port(), "-d", sql,
                    "-n", token.group(1) + ":Authentication", "-W", pin.toString(), "-V", "tls1.3:tls1.3", "-A", request.toString()).ok().out();
            assertThat(page).contains("HTTP/1.0 200 ok", "Protocol  : TLSv1.3", "Verify return code: 0 (ok)",
                    "Peer signature type: " + signatureType, "Client certificate");
        }
    }

    /**
     * pkcs11-tool waits for a key after C_Initialize (--test-hotplug); killed with SIGKILL, it
     * finalizes nothing, and the p11-kit remote child, whose pipe then closes, ends by itself.
     */
    @Test
    void theModulesProcessEndsWhenItsHostIsKilled() throws Exception {
        Fixture.writeConfig(dir.resolve("v4.conf"), home, List.of("v4"));
        ProcessBuilder builder = new ProcessBuilder(Programs.find("pkcs11-tool"), "--module",
                Fixture.dist().resolve("libeid4j-pkcs11-login-remote.so").toString(), "--test-hotplug").redirectErrorStream(true);
        builder.environment().put("EID4J_PKCS11_CONF", dir.resolve("v4.conf").toString());
        Process host = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Optional<ProcessHandle> child = Optional.empty();
            while (child.isEmpty()) {
                assertThat(System.nanoTime()).as("a child of pkcs11-tool with a JVM within 60 s").isLessThan(deadline);
                assertThat(host.isAlive()).as("pkcs11-tool runs").isTrue();
                Thread.sleep(100);
                child = host.children().filter(OutOfProcessModuleIT::mapsAJvm).findFirst();
            }
            assertThat(mapsAJvm(host.toHandle())).as("pkcs11-tool's own process maps a JVM").isFalse();
            host.destroyForcibly().waitFor();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (running(child.get())) {
                assertThat(System.nanoTime()).as("the module's process %d ended within 10 s of its host", child.get().pid()).isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            host.destroyForcibly();
        }
    }

    /** Alive and not a zombie: a container's first process may never reap an orphan that ended. */
    private static boolean running(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    private static boolean mapsAJvm(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "maps")).contains("/libjvm.so");
        } catch (java.io.IOException gone) {
            return false;
        }
    }
}

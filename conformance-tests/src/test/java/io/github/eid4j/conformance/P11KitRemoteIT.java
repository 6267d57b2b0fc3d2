package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.testing.ProgramRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The p11-kit module files of dist/. eid4j.module names the module; eid4j-remote.module runs it
 * out of process with "remote: |p11-kit remote ...", which is what keeps the JVM out of a
 * browser. The remote line is tried as p11-kit's own client module uses it: pkcs11-tool and
 * GnuTLS's p11tool load p11-kit-client.so, which starts the command and talks p11-kit's RPC
 * protocol to it.
 */
class P11KitRemoteIT {
    private static final Path CLIENT = Path.of("/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so");

    @TempDir
    static Path dir;
    private static Path config;

    @BeforeAll
    static void cards() throws Exception {
        config = Fixture.v4AndV3Config(dir);
    }

    private static String value(Path moduleFile, String key) throws Exception {
        for (String line : Files.readAllLines(moduleFile, StandardCharsets.UTF_8)) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).strip();
            }
        }
        throw new AssertionError(moduleFile + " has no '" + key + ":' line");
    }

    private static ProgramRun.Result remote(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", CLIENT.toString()));
        command.addAll(List.of(args));
        return throughClient(command);
    }

    /** A program that loads p11-kit's client module, which runs the remote line of eid4j-remote.module. */
    private static ProgramRun.Result throughClient(List<String> command) throws Exception {
        assertThat(CLIENT).as("p11-kit's client module (Debian package p11-kit-modules)").exists();
        String remote = value(Fixture.dist().resolve("eid4j-remote.module"), "remote");
        return ProgramRun.of(command)
                .with(Map.of("EID4J_PKCS11_CONF", config.toString(), "P11_KIT_SERVER_ADDRESS", remote)).in(dir).run();
    }

    @Test
    void theModuleFilesNameTheBuiltModule() throws Exception {
        assertThat(Path.of(value(Fixture.dist().resolve("eid4j.module"), "module"))).isEqualTo(Fixture.module());
        assertThat(value(Fixture.dist().resolve("eid4j-remote.module"), "remote")).isEqualTo("|p11-kit remote " + Fixture.module());
    }

    @Test
    void theTokensWorkThroughP11KitRemote() throws Exception {
        assertThat(remote("-L").ok().out()).contains("Maija Meikäläinen (PIN1)", "Maija Meikäläinen (PIN2)", "FINEID v3.1");

        byte[] digest = MessageDigest.getInstance("SHA-256").digest("remote".getBytes(StandardCharsets.UTF_8));
        Path input = Files.write(dir.resolve("digest.bin"), digest);
        Path cert = dir.resolve("v3.der");
        remote("--slot-index", "2", "--read-object", "--type", "cert", "--id", "45", "-o", cert.toString()).ok();
        Path key = dir.resolve("v3.pem");
        ProgramRun.of("openssl", "x509", "-inform", "DER", "-in", cert.toString(), "-pubkey", "-noout", "-out", key.toString())
                .in(dir).run().ok();
        Path signature = dir.resolve("pss.sig");
        remote("--slot-index", "2", "--login", "--pin", "1234", "--sign", "--id", "45", "-m", "RSA-PKCS-PSS", "--hash-algorithm", "SHA256",
                "--mgf", "MGF1-SHA256", "-i", input.toString(), "-o", signature.toString()).ok();
        assertThat(ProgramRun.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key.toString(), "-in", input.toString(),
                "-sigfile", signature.toString(), "-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "rsa_pss_saltlen:32",
                "-pkeyopt", "digest:sha256").in(dir).run().ok().out()).contains("Signature Verified Successfully");

        // p11-kit 0.24's RPC carries raw ECDSA (what TLS uses), not the hash-and-sign ECDSA mechanisms.
        Path ecdsa = dir.resolve("ecdsa.sig");
        remote("--slot-index", "0", "--login", "--pin", "1234", "--sign", "--id", "45", "-m", "ECDSA", "-i", input.toString(),
                "-o", ecdsa.toString()).ok();
        assertThat(Files.size(ecdsa)).isEqualTo(96);
    }

    /**
     * GnuTLS finds the keys by PKCS#11 URI, signs, and checks the signature with the token's
     * public key. It forbids a module it loads itself to create threads
     * (CKF_LIBRARY_CANT_CREATE_OS_THREADS), and a JVM is threads: loaded directly, the module
     * answers CKR_NEED_TO_CREATE_THREADS, which p11tool reports as a locking error. Through the
     * remote module it works, as p11-kit lets the module's own process have threads.
     */
    @Test
    void gnutlsSignsAndVerifiesThroughTheRemoteModule() throws Exception {
        ProgramRun.Result direct = ProgramRun.of("p11tool", "--provider",
                Fixture.module().toString(), "--list-tokens").with(Map.of("EID4J_PKCS11_CONF", config.toString())).in(dir).run();
        assertThat(direct.exit()).isNotZero();
        assertThat(direct.all()).contains("Thread locking error");
        String slots = remote("-L").ok().out();
        for (String slot : List.of("0", "2")) {
            Matcher serial = Pattern.compile("Slot " + slot + " \\(.*?serial num\\s+: (\\d+)", Pattern.DOTALL).matcher(slots);
            assertThat(serial.find()).isTrue();
            ProgramRun.Result r = throughClient(List.of("p11tool", "--provider", CLIENT.toString(), "--login", "--set-pin",
                    FineidVirtualCard.TEST_PIN1, "--test-sign",
                    "pkcs11:serial=" + serial.group(1) + ";id=%45;type=private")).ok();
            assertThat(r.all()).contains("Verifying against public key in the token... ok");
        }
    }
}

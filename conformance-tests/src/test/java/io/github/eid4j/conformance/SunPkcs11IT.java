package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module inside a JVM that is already running: the JDK's SunPKCS11 provider loads it in a
 * separate Java process (a program that knows nothing of eid4j), the C bootstrap finds that JVM
 * and joins it, and the module's classes come from its own class loader.
 */
class SunPkcs11IT {
    @TempDir
    static Path dir;
    private static Path config;

    @BeforeAll
    static void cards() throws Exception {
        config = Fixture.v4AndV3Config(dir);
    }

    private static ProgramRun.Result client(String slot, String pin, String... javaOptions) throws Exception {
        Path program;
        try {
            program = Path.of(SunPkcs11IT.class.getResource("SunPkcs11Client.java").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new java.util.ArrayList<>(List.of(Programs.jdk("java")));
        command.addAll(List.of(javaOptions));
        command.addAll(List.of(program.toString(), Fixture.module().toString(), slot, pin));
        return ProgramRun.of(command).with(Map.of("EID4J_PKCS11_CONF", config.toString(), "LC_ALL", "C.UTF-8")).in(dir).run();
    }

    @Test
    void sunPkcs11SignsWithTheAuthenticationKeysInItsOwnJvm() throws Exception {
        assertThat(client("0", "1234", "--enable-native-access=ALL-UNNAMED").ok().out())
                .contains("Authentication: SHA256withECDSA verifies true");
        ProgramRun.Result rsa = client("2", "1234", "--enable-native-access=ALL-UNNAMED").ok();
        assertThat(rsa.out()).contains("Authentication: SHA256withRSA verifies true");
        assertThat(rsa.err()).doesNotContain("WARNING");
    }

    /** The JDK warns once when a JVM that did not grant native access runs the module's upcalls; they still work. */
    @Test
    void aJvmWithoutNativeAccessWarnsButWorks() throws Exception {
        ProgramRun.Result r = client("0", "1234").ok();
        assertThat(r.out()).contains("verifies true");
        assertThat(r.err()).contains("WARNING: A restricted method in java.lang.foreign.Linker has been called");
    }

    /**
     * SunPKCS11 knows no CKU_CONTEXT_SPECIFIC, so it cannot use a CKA_ALWAYS_AUTHENTICATE key: the
     * module refuses the signature rather than sign without the signature PIN. (Java applications
     * use eid4j's own provider for the signature key.)
     */
    @Test
    void sunPkcs11CannotUseTheSignatureKey() throws Exception {
        assertThat(client("1", "123456", "--enable-native-access=ALL-UNNAMED").ok().out())
                .contains("Signature: SHA256withECDSA failed").contains("CKR_USER_NOT_LOGGED_IN");
    }
}

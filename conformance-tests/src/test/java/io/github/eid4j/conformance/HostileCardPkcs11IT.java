package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.testing.ProgramRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PKCS#11 module (libeid4j-pkcs11.so from pkcs11-shim's dist), loaded by OpenSC's pkcs11-tool,
 * against a hostile card through pcscd: every run ends within the bound by itself, never by a
 * signal, with no Java stack trace on its output; a failed operation is a CKR code, and a slow
 * card still works.
 */
class HostileCardPkcs11IT extends HostileCardSuite {
    static Path module;
    static Path config;

    @BeforeAll
    static void configureTheModule() throws Exception {
        module = Fixture.module();
        config = Fixture.writeConfig(dir.resolve("eid4j-pkcs11.conf"), reader.home, List.of(), "readers = true",
                "card.timeout = " + HostileReader.LIMIT.toSeconds());
        Files.writeString(dir.resolve("document.txt"), "A hostile card signs nothing.\n");
    }

    record Run(int exit, String out) {
    }

    /** pkcs11-tool with the module and these arguments, to its end or the bound. */
    private static Run tool(HostileReader.Case c, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", module.toString()));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        ProgramRun.Result run = ProgramRun.of(command)
                .with(Map.of("EID4J_PKCS11_CONF", config.toString(), "EID4J_TEST_PIN", HostileReader.PIN1)).merged()
                .within(HostileReader.BOUND).run();
        String printed = run.out();
        String what = "pkcs11-tool " + String.join(" ", args) + " (" + c + ")";
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HostileReader.BOUND);
        assertThat(run.exit()).as("%s ended by itself, not by a signal; it printed:%n%s", what, printed).isBetween(0, 127);
        assertThat(printed).as("%s printed no Java stack trace", what).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("OutOfMemoryError");
        return new Run(run.exit(), printed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.eid4j.conformance.HostileReader#whileReading")
    void listSlotsAndObjects(HostileReader.Case c) throws Exception {
        reader.behave(c);
        Run slots = tool(c, "-L");
        assertThat(slots.exit()).as(slots.out()).isZero();
        assertThat(slots.out()).contains(HostileReader.READER);
        Run objects = tool(c, "--slot", "0", "-O");
        if (c.works()) {
            assertThat(slots.out()).containsPattern("token label        : Maija Meikäläinen \\(PIN1\\) #");
            assertThat(objects.exit()).as(objects.out()).isZero();
            assertThat(objects.out()).contains("Certificate Object", "Public Key Object", "ID:         45");
        } else if (objects.exit() != 0) {
            assertThat(objects.out()).contains("CKR_");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.eid4j.conformance.HostileReader#whileSigning")
    void sign(HostileReader.Case c) throws Exception {
        reader.behave(c);
        Path signature = dir.resolve("document-" + c.misbehaviour() + "-" + c.atPso() + ".sig");
        Run run = tool(c, "--slot", "0", "--login", "--pin", "env:EID4J_TEST_PIN", "--sign", "--id", "45", "-m", "ECDSA-SHA384",
                "-i", dir.resolve("document.txt").toString(), "-o", signature.toString());
        if (c.works()) {
            assertThat(run.exit()).as(run.out()).isZero();
            assertThat(signature).isNotEmptyFile();
        } else {
            assertThat(run.exit()).as(run.out()).isNotZero();
            assertThat(run.out()).contains("CKR_");
        }
    }
}

package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.cli.Eid;
import io.github.eid4j.testing.ProgramRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The eid command, as a separate process as a user runs it, against a hostile card through
 * pcscd: every case ends within the bound with exit code 1 and one line "eid: ...", never a
 * stack trace; only a slow card still works.
 */
class HostileCardEidIT extends HostileCardSuite {

    @BeforeAll
    static void writeDocument() throws Exception {
        Files.writeString(dir.resolve("document.txt"), "A hostile card signs nothing.\n");
    }

    record Run(int exit, String out, Duration took) {
    }

    private static Run eid(String input, String... args) throws Exception {
        List<String> command = JavaMain.command(Eid.class, args);
        command.addAll(List.of("--reader", HostileReader.READER, "--card-timeout", "" + HostileReader.LIMIT.toSeconds()));
        long start = System.nanoTime();
        ProgramRun.Result run = ProgramRun.of(command).with(Map.of("EID4J_HOME", reader.home.toString())).input(input).merged()
                .within(HostileReader.BOUND).run();
        return new Run(run.exit(), run.out(), Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Exit code 1 and one sentence "eid: ..." (after the PIN prompt, if eid asked for a PIN), never a
     * stack trace; and it gives the reason the job failed, not that logging out failed afterwards
     * on the same broken card.
     */
    private static void assertOneSentence(Run run, HostileReader.Case c) {
        assertThat(run.exit()).as("exit code (%s); it printed:%n%s", c, run.out()).isEqualTo(1);
        assertThat(run.out()).as("what eid printed (%s)", c).doesNotContain("Exception").doesNotContain("at io.github")
                .doesNotContain("\tat ").doesNotContain("log out");
        List<String> lines = run.out().strip().lines().filter(l -> !l.endsWith("(reading from standard input)")).toList();
        assertThat(lines).as("what eid printed (%s)", c).hasSize(1);
        assertThat(lines.get(0)).as("what eid printed (%s)", c).startsWith("eid: ").endsWith(".");
        assertThat(run.took()).isLessThan(HostileReader.BOUND);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.eid4j.conformance.HostileReader#whileReading")
    void status(HostileReader.Case c) throws Exception {
        reader.behave(c);
        Run run = eid("", "status");
        if (c.works()) {
            assertThat(run.exit()).as(run.out()).isZero();
            assertThat(run.out()).contains("Card: FINEID v4.0", "SURNAME=Meikäläinen");
        } else {
            assertOneSentence(run, c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.eid4j.conformance.HostileReader#whileSigning")
    void sign(HostileReader.Case c) throws Exception {
        reader.behave(c);
        Path document = dir.resolve("document.txt");
        Path signature = dir.resolve("document-" + c.misbehaviour() + "-" + c.atPso() + ".p7s");
        Run run = eid(HostileReader.PIN2 + "\n", "sign", document.toString(), "-o", signature.toString());
        if (c.works()) {
            assertThat(run.exit()).as(run.out()).isZero();
            assertThat(signature).exists();
        } else {
            assertOneSentence(run, c);
            assertThat(signature).doesNotExist();
        }
    }
}

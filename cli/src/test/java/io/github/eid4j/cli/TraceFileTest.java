package io.github.eid4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.transport.ApduRecording;
import io.github.eid4j.apdu.transport.ReplayTransport;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.cli.EidTest.Result;
import io.github.eid4j.card.pki.StatusResponder;
import io.github.eid4j.card.pki.TestPkiHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code eid --trace-file}: what a user with a card sends with a bug report. The file is an APDU
 * recording without PINs, and replayed as the card it drives the FINEID driver to what the user saw.
 */
class TraceFileTest {
    @TempDir
    Path temp;

    private final String card = "trace-" + UUID.randomUUID();

    @AfterEach
    void deleteCard() {
        EidTest.eid("virtual", "delete", card);
    }

    private void create(String profile) {
        Result created = EidTest.eid("virtual", "create", "--profile", profile, "--activated", card);
        assertThat(created.exit()).as(created.err()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fineid-v4", "fineid-v3"})
    void theTraceOfStatusReplaysToTheSameStatus(String profile) throws Exception {
        TestPkiHome pki = CertificateStatusTest.pkiOnAFreePort();
        create(profile);
        Path file = temp.resolve("status.apdu");
        Result status = EidTest.eid("--trace-file", file.toString(), "status", "--virtual", card);
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("Certificates:").contains("PINs:");
        assertThat(Files.readString(file)).startsWith("# eid4j ").contains("\n# Each line crossed PC/SC (SCardTransmit), GET RESPONSE after 61xx included")
                .contains("\n> 00 C0 00 00 ").as("a T=0 card's GET RESPONSEs are in the trace")
                .contains("\nATR 3B 7F 96 00 00 80 31 B8 65 B0 85 0")
                .contains("\nPROTOCOL T=0\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("it holds the holder's name").isEqualTo("rw-------");

        ReplayTransport recording = new ReplayTransport(ApduRecording.read(file));
        StringWriter replayed = new StringWriter();
        // The certificates' CA answers the replay as it answered the command.
        try (StatusResponder online = StatusResponder.start(pki);
                EidCard replayedCard = EidCards.openRecording(recording, "virtual card '" + card + "'")) {
            StatusCommand.print(replayedCard, new PrintWriter(replayed, true), new CertificateStatusLookup());
        }
        recording.assertPlayedToEnd();
        assertThat(replayed.toString()).isEqualTo(status.out());
    }

    @Test
    void aPinChangeIsTracedWithoutThePinsAndReplaysWithAnyPinsOfTheirLength() throws Exception {
        create("fineid-v4");
        Path file = temp.resolve("change-pin.apdu");
        // A process of its own: eid reads piped PINs from the standard input's file descriptor, not System.in.
        Process eid = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Eid.class.getName(),
                "change-pin", "pin1", "--virtual", card, "--trace-file", file.toString()).redirectErrorStream(true).start();
        eid.getOutputStream().write("1234\n8642\n8642\n".getBytes(StandardCharsets.US_ASCII));
        eid.getOutputStream().close();
        String said = new String(eid.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(eid.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(eid.exitValue()).as(said).isZero();
        String trace = Files.readString(file);
        // Neither PIN block (ASCII digits padded with 00) is in the file, only its length.
        assertThat(trace).doesNotContain("31 32 33 34 00 00").doesNotContain("38 36 34 32 00 00")
                .contains("> 00 24 00 11 18 [24 bytes redacted]");

        ReplayTransport recording = new ReplayTransport(ApduRecording.read(file));
        PinCallback otherPins = request -> (request.step() == PinRequest.Step.CURRENT ? "5555" : "7777").toCharArray();
        try (EidCard replayedCard = EidCards.openRecording(recording, "replay")) {
            PinInfo pin1 = PinCommands.find(replayedCard, PinCommands.UserPin.pin1);
            replayedCard.changePin(pin1, otherPins);
        }
        recording.assertPlayedToEnd();
    }

    @Test
    void aTraceFileThatCannotBeWrittenIsOneSentence() {
        Result r = EidTest.eid("--trace-file", temp.resolve("no/such/folder/t.apdu").toString(), "readers");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("eid: " + temp.resolve("no/such/folder") + " does not exist.");
    }
}

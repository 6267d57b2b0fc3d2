package io.github.eid4j.apdu.transport;

import static io.github.eid4j.apdu.transport.DecoratorsTest.card;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.ApduFormatException;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.transport.TracingTransportTest.CapturingLogger;
import java.lang.System.Logger.Level;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A recorded session played back as a card: strict, with redacted PINs accepted by their length. */
class ReplayTransportTest {
    private static final String SESSION = """
            # a FINEID v4 card, by hand
            ATR 3B 7F 96 00 00 80 31 B8 65 B0 85 05 00 11 12 24 60 82 90 00
            PROTOCOL T=0
            > 00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35
            < 90 00
            > 00 CB 00 FF 05 A0 03 83 01 11   # PIN1's state
            < 61 25  # 61 25 (37 more response bytes available) in 1.0 ms
            > 00 20 00 11 0C [12 bytes redacted]
            < 63 C4  # 63C4 (verification failed, 4 tries left) in 40.2 ms
            """;

    private static ReplayTransport session() {
        return new ReplayTransport(ApduRecording.parse(SESSION, "v4.apdu"));
    }

    @Test
    void playsTheCardsAnswersInOrder() throws Exception {
        ReplayTransport card = session();
        assertThat(card.atr()).isEqualTo(Hex.decode("3B 7F 96 00 00 80 31 B8 65 B0 85 05 00 11 12 24 60 82 90 00"));
        assertThat(card.isT0()).isTrue();
        assertThat(card.transmit(Hex.decode("00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35"))).isEqualTo(Hex.decode("90 00"));
        assertThat(card.transmit(Hex.decode("00 CB 00 FF 05 A0 03 83 01 11"))).isEqualTo(Hex.decode("61 25"));
        assertThat(card.mayHaveAuthenticated()).isFalse();
        assertThat(card.transmit(Hex.decode("00 20 00 11 0C 31 32 33 34 00 00 00 00 00 00 00 00"))).isEqualTo(Hex.decode("63 C4"));
        assertThat(card.mayHaveAuthenticated()).isTrue();
        card.assertPlayedToEnd();
    }

    @Test
    void aRedactedPinMatchesAnyDataOfItsLengthOnly() throws Exception {
        ReplayTransport other = session();
        other.transmit(Hex.decode("00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35"));
        other.transmit(Hex.decode("00 CB 00 FF 05 A0 03 83 01 11"));
        assertThat(other.transmit(Hex.decode("00 20 00 11 0C 39 38 37 36 35 34 00 00 00 00 00 00"))).isEqualTo(Hex.decode("63 C4"));

        ReplayTransport shorter = session();
        shorter.transmit(Hex.decode("00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35"));
        shorter.transmit(Hex.decode("00 CB 00 FF 05 A0 03 83 01 11"));
        assertThatThrownBy(() -> shorter.transmit(Hex.decode("00 20 00 11 0B 31 32 33 34 00 00 00 00 00 00 00")))
                .isInstanceOf(ReplayException.class)
                .hasMessage("The program sent 00 20 00 11 0B [11 bytes redacted] where v4.apdu line 8 (exchange 3 of 3) expects"
                        + " 00 20 00 11 0C [12 bytes redacted].")
                .hasMessageNotContaining("31 32");
    }

    @Test
    void anUnexpectedCommandNamesWhatWasSentWhatWasExpectedAndWhere() throws Exception {
        ReplayTransport card = session();
        card.transmit(Hex.decode("00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35"));
        assertThatThrownBy(() -> card.transmit(Hex.decode("00 CB 00 FF 05 A0 03 83 01 82")))
                .isInstanceOf(ReplayException.class)
                .hasMessage("The program sent 00 CB 00 FF 05 A0 03 83 01 82 where v4.apdu line 6 (exchange 2 of 3) expects"
                        + " 00 CB 00 FF 05 A0 03 83 01 11.");
        // The replay stays derailed, and says so even to a program that caught the first error.
        assertThatThrownBy(() -> card.transmit(Hex.decode("00 CB 00 FF 05 A0 03 83 01 11"))).isInstanceOf(ReplayException.class)
                .hasMessageStartingWith("The replay of v4.apdu already went wrong: The program sent 00 CB 00 FF 05 A0 03 83 01 82");
        assertThatThrownBy(card::assertPlayedToEnd).isInstanceOf(ReplayException.class)
                .hasMessageStartingWith("The program sent 00 CB 00 FF 05 A0 03 83 01 82 where");
    }

    @Test
    void aProgramThatDoesMoreOrLessThanTheRecordingFails() throws Exception {
        ReplayTransport card = card("> 00 A4 00 0C\n< 90 00\n> 00 B0 00 00 00\n< 01 02 90 00\n");
        card.transmit(Hex.decode("00 A4 00 0C"));
        assertThatThrownBy(card::assertPlayedToEnd).isInstanceOf(ReplayException.class)
                .hasMessage("The program stopped after exchange 1 of 2; script line 3 expects 00 B0 00 00 00 next.");
        card.transmit(Hex.decode("00 B0 00 00 00"));
        card.assertPlayedToEnd();
        assertThatThrownBy(() -> card.transmit(Hex.decode("00 B0 00 02 00"))).isInstanceOf(ReplayException.class)
                .hasMessage("The program sent 00 B0 00 02 00 after the end of script (2 exchanges).");
    }

    @Test
    void aRecordedFailureHappensAgainAndARedactedAnswerCannotBeInvented() throws Exception {
        ReplayTransport removed = card("> 00 A4 00 0C\n< failed: The card was removed from reader 'X'.\n");
        assertThatThrownBy(() -> removed.transmit(Hex.decode("00 A4 00 0C"))).isExactlyInstanceOf(TransportException.class)
                .hasMessage("The card was removed from reader 'X'.");
        removed.assertPlayedToEnd();

        ReplayTransport decipher = card("> 00 2A 80 86 03 00 11 22 00\n< [4 bytes redacted] 90 00  # 9000 (success) in 3.0 ms\n");
        assertThatThrownBy(() -> decipher.transmit(Hex.decode("00 2A 80 86 03 00 11 22 00"))).isInstanceOf(ReplayException.class)
                .hasMessage("script line 2 has the card's answer to 00 2A 80 86 03 00 11 22 00 redacted, so it cannot be played back.");
    }

    /** What the trace writes is a recording: the lines of a traced session replay that session. */
    @Test
    void theTraceOfASessionReplaysIt() throws Exception {
        CapturingLogger log = new CapturingLogger();
        ReplayTransport original = session();
        TracingTransport traced = new TracingTransport(original, log, Level.DEBUG);
        traced.cardConnected(original.atr(), original.isT0());
        byte[] select = Hex.decode("00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35");
        byte[] state = Hex.decode("00 CB 00 FF 05 A0 03 83 01 11");
        byte[] verify = Hex.decode("00 20 00 11 0C 38 36 34 32 00 00 00 00 00 00 00 00");
        for (byte[] command : List.of(select, state, verify)) {
            traced.transmit(command);
        }
        assertThat(log.all()).doesNotContain("38 36 34 32");

        ReplayTransport again = new ReplayTransport(ApduRecording.parse(log.all(), "trace"));
        assertThat(again.atr()).isEqualTo(original.atr());
        assertThat(again.isT0()).isTrue();
        assertThat(again.transmit(select)).isEqualTo(Hex.decode("90 00"));
        assertThat(again.transmit(state)).isEqualTo(Hex.decode("61 25"));
        assertThat(again.transmit(verify)).isEqualTo(Hex.decode("63 C4"));
        again.assertPlayedToEnd();
    }

    @Test
    void eachAtrStartsASession() {
        String two = SESSION + "ATR 3B 80 80 01 01\n> 00 A4 00 0C\n< 6A 82\n";
        List<ApduRecording> sessions = ApduRecording.parseSessions(two, "two.apdu");
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).size()).isEqualTo(3);
        assertThat(sessions.get(1).atr()).isEqualTo(Hex.decode("3B 80 80 01 01"));
        assertThat(sessions.get(1).isT0()).as("T=1 unless the recording says T=0").isFalse();
        assertThatThrownBy(() -> ApduRecording.parse(two, "two.apdu")).isInstanceOf(ApduFormatException.class)
                .hasMessage("two.apdu holds 2 card sessions (one per ATR line); replay them one at a time.");
    }

    @Test
    void aMalformedRecordingIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> ApduRecording.parse("> 00 A4 00 0C\n< 9G 00\n", "r")).isInstanceOf(ApduFormatException.class)
                .hasMessage("r line 2: 'G' is not a hex digit.");
        assertThatThrownBy(() -> ApduRecording.parse("< 90 00\n", "r")).hasMessage("r line 1: A response needs a command before it.");
        assertThatThrownBy(() -> ApduRecording.parse("> 00 A4 00 0C\n\n# none\n", "r")).hasMessage("r line 1: The command has no response.");
        assertThatThrownBy(() -> ApduRecording.parse("> 00 A4 00 0C\n> 00 A4 00 0C\n", "r"))
                .hasMessage("r line 2: The command of line 1 has no response yet.");
        assertThatThrownBy(() -> ApduRecording.parse("> 00 A4 00 0C\n< 90 00\nPROTOCOL T=0\n", "r"))
                .hasMessage("r line 3: The protocol comes before the first command of its session.");
        assertThatThrownBy(() -> ApduRecording.parse("PROTOCOL T=CL\n", "r")).hasMessage("r line 1: The protocol is T=0 or T=1, not 'T=CL'.");
        assertThatThrownBy(() -> ApduRecording.parse("[io.github.eid4j.apdu] > 00 A4 00 0C\n", "r"))
                .hasMessage("r line 1: The line starts with none of ATR, PROTOCOL, '>', '<' or '#'.");
        assertThatThrownBy(() -> ApduRecording.parse("> 00 A4 00 0C\n< 90 [2 bytes redacted] 00\n", "r"))
                .hasMessage("r line 2: A redacted answer is '[n bytes redacted]' and its two status bytes.");
    }
}

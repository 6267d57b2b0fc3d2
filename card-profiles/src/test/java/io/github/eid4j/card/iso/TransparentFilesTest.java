package io.github.eid4j.card.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.transport.ReplayTransport;
import io.github.eid4j.card.CardAccessException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a whole EF, hex in and hex out: where its size comes from, and how much each READ BINARY asks for. */
class TransparentFilesTest {
    private static final byte[] PATH = Hex.decode("50 32");

    private static Optional<byte[]> read(ReplayTransport script, int maxRead) throws Exception {
        Optional<byte[]> content = Script.connection(script).transact(card -> TransparentFiles.read(card, PATH, maxRead));
        script.assertPlayedToEnd();
        return content;
    }

    @Test
    void theFcpGivesTheSizeAndReadsStopThere() throws Exception {
        ReplayTransport script = Script.of("> 00 A4 08 04 02 50 32 00", "< 62 04 81 02 00 05 90 00",
                "> 00 B0 00 00 00", "< 30 03 02 01 07 90 00");
        assertThat(read(script, 256)).contains(Hex.decode("30 03 02 01 07"));
    }

    /** IAS cards may answer SELECT with an FCP that has no size: the DER header of the content tells it. */
    @Test
    void withoutASizeInTheFcpTheDerHeaderGivesIt() throws Exception {
        ReplayTransport script = Script.of("> 00 A4 08 04 02 50 32 00", "< 62 03 82 01 01 90 00",
                "> 00 B0 00 00 04", "< 30 81 06 02 90 00",
                "> 00 B0 00 04 04", "< 01 07 04 02 90 00",
                "> 00 B0 00 08 04", "< 00 FF FF FF 90 00");
        assertThat(read(script, 4)).contains(Hex.decode("30 81 06 02 01 07 04 02 00"));
    }

    /** Under secure messaging the connection carries less per answer; no read asks for more. */
    @Test
    void eachReadAsksForAtMostWhatTheConnectionCarries() throws Exception {
        ReplayTransport script = Script.of("> 00 A4 08 04 02 50 32 00", "< 62 04 80 02 01 00 90 00",
                "> 00 B0 00 00 DF", "< " + "11 ".repeat(0xDF) + "90 00",
                "> 00 B0 00 DF DF", "< " + "22 ".repeat(0x100 - 0xDF) + "90 00");
        assertThat(read(script, 0xDF)).hasValueSatisfying(c -> assertThat(c).hasSize(256));
    }

    @Test
    void aMissingFileIsEmpty() throws Exception {
        ReplayTransport script = Script.of("> 00 A4 08 04 02 50 32 00", "< 6A 82");
        assertThat(read(script, 256)).isEmpty();
    }

    @Test
    void contentWithNeitherSizeNorDerHeaderIsOneSentence() {
        ReplayTransport script = Script.of("> 00 A4 08 04 02 50 32 00", "< 90 00", "> 00 B0 00 00 00", "< 30 80 90 00");
        assertThatThrownBy(() -> read(script, 256)).isInstanceOf(CardAccessException.class)
                .hasMessage("The card's file 5032 has neither a size in its FCP nor a DER header.");
    }
}

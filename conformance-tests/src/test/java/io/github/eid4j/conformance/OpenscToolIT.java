package io.github.eid4j.conformance;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.emulator.DedicatedFile;
import io.github.eid4j.apdu.emulator.ElementaryFile;
import io.github.eid4j.apdu.emulator.IsoTestProfile;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.vpcd.TestCard;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtual cards as another program sees them, served through vpcd into pcscd and driven by
 * OpenSC's opensc-tool: the bridge's test card, and the engine's iso-test card kept in a card
 * folder (select, read binary, a wrong PIN, the tries left, the right PIN).
 */
class OpenscToolIT extends PcscdTest {
    private static final byte[] SELECT = Hex.decode("00 A4 04 00 0A F0 65 69 64 34 6A 54 45 53 54");
    private static final byte[] GET_DATA = Hex.decode("00 CA 01 02 00");

    @TempDir
    Path home;

    @Test
    void openscToolSeesTheVirtualCard() throws Exception {
        try (VpcdBridge bridge = VpcdBridge.start(new TestCard(), PORT_0)) {
            Pcscd.awaitReader(READER_0, r -> r.cardPresent() && r.atr().length > 0, "a card");
            String index = Programs.openscReaderIndex(READER_0);
            String out = ProgramRun.of("opensc-tool", "-r", index, "-a", "-s", Hex.plain(SELECT), "-s", Hex.plain(GET_DATA),
                    "-s", "00110000").run().ok().out();
            assertThat(out).contains(HexFormat.ofDelimiter(":").formatHex(TestCard.ATR));
            assertThat(out).contains("Received (SW1=0x90, SW2=0x00)");
            assertThat(out).contains(Hex.spaced(TestCard.DATA));
            assertThat(out).contains("Received (SW1=0x6D, SW2=0x00)");
        }
    }

    @Test
    void openscToolSelectsReadsAndVerifies() throws Exception {
        VirtualCards cards = new VirtualCards(home);
        cards.create("it", "iso-test", true).wipe();
        byte[] certificate;
        try (VirtualCards.OpenCard open = cards.open("it");
                VpcdBridge bridge = VpcdBridge.start(open.card(), PORT_0)) {
            certificate = ((ElementaryFile) ((DedicatedFile) open.card().image().masterFile().child(0x5000)).child(0x4301)).content();
            Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the iso-test card");
            String index = Programs.openscReaderIndex(READER_0);
            String out = ProgramRun.of("opensc-tool", "-r", index, "-a",
                    "-s", "00A4040C0AF0656964346A54455354",
                    "-s", "00A4020C024301",
                    "-s", "00B0000010",
                    "-s", "0020008108" + "39393939FFFFFFFF",
                    "-s", "00200081",
                    "-s", "0020008108" + "31323334FFFFFFFF",
                    "-s", "00200081").run().ok().out();
            assertThat(out).contains(HexFormat.ofDelimiter(":").formatHex(IsoTestProfile.ATR));
            String[] answers = out.split("Received ");
            assertThat(answers).as(out).hasSize(8);
            assertThat(answers[1]).startsWith("(SW1=0x90, SW2=0x00)");
            assertThat(answers[2]).startsWith("(SW1=0x90, SW2=0x00)");
            assertThat(answers[3]).startsWith("(SW1=0x90, SW2=0x00)").contains(Hex.spaced(java.util.Arrays.copyOf(certificate, 16)));
            assertThat(answers[4]).as("wrong PIN").startsWith("(SW1=0x63, SW2=0xC2)");
            assertThat(answers[5]).as("tries left, no try used").startsWith("(SW1=0x63, SW2=0xC2)");
            assertThat(answers[6]).as("right PIN").startsWith("(SW1=0x90, SW2=0x00)");
            assertThat(answers[7]).as("verified").startsWith("(SW1=0x90, SW2=0x00)");
        }
        // The wrong try was made durable in the card's folder, and the right PIN restored the counter.
        try (VirtualCards.OpenCard again = cards.open("it")) {
            assertThat(again.card().pin(IsoTestProfile.PIN).triesLeft()).isEqualTo(3);
        }
    }

    @Test
    void removalEndsTheSession() throws Exception {
        VirtualCard card = new VirtualCard(new IsoTestProfile().personalise(true, new SecureRandom()).image(), NonVolatileMemory.NONE);
        try (VpcdBridge bridge = VpcdBridge.start(card, PORT_0)) {
            Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the iso-test card");
            String index = Programs.openscReaderIndex(READER_0);
            ProgramRun.of("opensc-tool", "-r", index, "-s", "00A4040C0AF0656964346A54455354", "-s", "0020008108" + "31323334FFFFFFFF")
                    .run().ok();
            // opensc-tool disconnects leaving the card powered, as a real reader would keep it.
            assertThat(card.isVerified(IsoTestProfile.PIN)).isTrue();
        }
        Pcscd.awaitReader(READER_0, r -> !r.cardPresent(), "the card removed");
        assertThat(card.isVerified(IsoTestProfile.PIN)).as("a removed card loses its security status").isFalse();
    }
}

package io.github.eid4j.apdu.emulator;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.Programs;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as another program sees it: an iso-test card kept in a card folder, served through
 * vpcd into pcscd, and driven by OpenSC's opensc-tool: select, read binary, a wrong PIN, the
 * tries left, the right PIN.
 */
class VirtualCardOverPcscdIT extends PcscdTest {
    @TempDir
    Path home;

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
            String out = Programs.run("opensc-tool", "-r", index, "-a",
                    "-s", "00A4040C0AF0656964346A54455354",
                    "-s", "00A4020C024301",
                    "-s", "00B0000010",
                    "-s", "0020008108" + "39393939FFFFFFFF",
                    "-s", "00200081",
                    "-s", "0020008108" + "31323334FFFFFFFF",
                    "-s", "00200081");
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
            Programs.run("opensc-tool", "-r", index, "-s", "00A4040C0AF0656964346A54455354", "-s", "0020008108" + "31323334FFFFFFFF");
            // opensc-tool disconnects leaving the card powered, as a real reader would keep it.
            assertThat(card.isVerified(IsoTestProfile.PIN)).isTrue();
        }
        Pcscd.awaitReader(READER_0, r -> !r.cardPresent(), "the card removed");
        assertThat(card.isVerified(IsoTestProfile.PIN)).as("a removed card loses its security status").isFalse();
    }
}

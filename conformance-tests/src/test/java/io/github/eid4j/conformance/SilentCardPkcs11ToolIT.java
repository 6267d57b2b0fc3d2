package io.github.eid4j.conformance;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.PORT_1;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static io.github.eid4j.testing.Pcscd.READER_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.SilentCard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pkcs11-tool lists the slots of the module (card limit 2 s) although the card in reader
 * "Virtual PCD 00 00" stopped answering (it keeps its vpcd connection, so pcscd waits for it):
 * that reader's slot shows no token, the other reader's card is listed with its token.
 */
class SilentCardPkcs11ToolIT extends PcscdTest {
    @TempDir
    Path dir;

    @Test
    void pkcs11ToolListsTheSlotsAlthoughTheCardInOneReaderStoppedAnswering() throws Exception {
        Path home = dir.resolve("home");
        Fixture.createCards(home, "left", "fineid-v4", "right", "fineid-v4");
        Path config = Fixture.writeConfig(dir.resolve("eid4j-pkcs11.conf"), home, List.of(), "readers = true", "card.timeout = 2");
        VirtualCards cards = new VirtualCards(home);
        SilentCard silent = closing(new SilentCard(closing(cards.open("left")).card()));
        closing(VpcdBridge.start(silent, PORT_0));
        closing(VpcdBridge.start(closing(cards.open("right")).card(), PORT_1));
        Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "card 'left'");
        Pcscd.awaitReader(READER_1, r -> r.cardPresent(), "card 'right'");

        silent.silence();
        long start = System.nanoTime();
        ProgramRun.Result listed = ProgramRun.of("pkcs11-tool", "--module", Fixture.module().toString(), "-L")
                .with(Map.of("EID4J_PKCS11_CONF", config.toString())).in(dir).run().ok();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        String out = listed.out();
        assertThat(out).contains("Slot 0 (0x0): " + READER_0 + "\n  (empty)", "Slot 2 (0x2): " + READER_1);
        assertThat(out.substring(out.indexOf("Slot 2 (0x2)"))).containsPattern("token label        : Maija Meikäläinen \\(PIN1\\) #");
    }
}

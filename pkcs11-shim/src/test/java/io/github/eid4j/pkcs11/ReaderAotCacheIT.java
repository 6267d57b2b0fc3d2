package io.github.eid4j.pkcs11;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.pcsc.PcscCardTransport;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.ProgramRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM the module starts takes the classes that open a reader's card from the AOT cache too,
 * although the build's training has no pcscd: pkcs11-tool lists the token of a card in a reader,
 * and javax.smartcardio's factory, jnasmartcardio and the module's PC/SC transport come from the
 * cache, not from the JDK's modules or the jars (a start through pcscd then costs 20 to 50 ms of
 * CPU less; README, Benchmarks).
 */
class ReaderAotCacheIT extends PcscdTest {
    private static final String FROM_THE_CACHE = " source: shared objects file";

    @TempDir
    Path dir;

    @Test
    void aReadersCardOpensWithClassesFromTheAotCache() throws Exception {
        Path home = dir.resolve("home");
        Fixture.createCards(home, "v4", "fineid-v4");
        VirtualCards.OpenCard card = closing(new VirtualCards(home).open("v4"));
        closing(VpcdBridge.start(card.card(), PORT_0));
        Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the card");
        Path classes = dir.resolve("class-load.log");
        Path config = Fixture.writeConfig(dir.resolve("readers.conf"), home, List.of(), "readers = true",
                "jvm.option = -Xlog:class+load=info:file=" + classes);

        String slots = ProgramRun.of("pkcs11-tool", "--module", Fixture.module().toString(), "-L")
                .with(Map.of("EID4J_PKCS11_CONF", config.toString())).run().ok().out();

        assertThat(slots).as("pkcs11-tool's slots").contains("Maija Meikäläinen (PIN1)");
        assertThat(Files.readAllLines(classes)).as("the module's JVM's class loading")
                .anyMatch(line -> line.endsWith(" javax.smartcardio.TerminalFactory" + FROM_THE_CACHE))
                .anyMatch(line -> line.endsWith(" jnasmartcardio.Smartcardio" + FROM_THE_CACHE))
                .anyMatch(line -> line.endsWith(" " + PcscCardTransport.class.getName() + FROM_THE_CACHE));
    }
}

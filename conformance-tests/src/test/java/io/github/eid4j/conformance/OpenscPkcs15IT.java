package io.github.eid4j.conformance;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A virtual FINEID v4 card served into pcscd through vpcd, read by OpenSC 0.23, a PKCS#15 reader nobody here wrote. */
class OpenscPkcs15IT extends PcscdTest {
    @TempDir
    Path tmp;

    /**
     * OpenSC 0.23 knows no FINEID v3/v4 driver; with its generic driver enabled it binds the card
     * and reads our PKCS#15 structure. What it lists must be what we personalised.
     */
    @Test
    void openscReadsThePkcs15StructureWePersonalised() throws Exception {
        Path conf = tmp.resolve("opensc.conf");
        Files.writeString(conf, "app default {\n  enable_default_driver = true;\n  framework pkcs15 { use_file_caching = no; }\n}\n");
        VirtualCard virtual = new VirtualCard(new FineidVirtualCard.V4().personalise(true, new SecureRandom()).image(),
                NonVolatileMemory.NONE);
        try (VpcdBridge bridge = VpcdBridge.start(virtual, PORT_0)) {
            Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the FINEID v4 card");
            String index = Programs.openscReaderIndex(READER_0);
            String dump = ProgramRun.of("pkcs15-tool", "-r", index, "--dump").with(Map.of("OPENSC_CONF", conf.toString())).run().ok().out();
            assertThat(dump).contains("PKCS#15 Card [HENKILOKORTTI]").contains("Manufacturer ID: eid4j virtual FINEID v4.0");
            assertThat(section(dump, "PIN [PIN1]")).contains("Auth ID        : 03").contains("ID             : 01")
                    .contains("min_len:4, max_len:8, stored_len:12").contains("Reference      : 17 (0x11)").contains("ascii-numeric");
            assertThat(section(dump, "PIN [PIN2]")).contains("local").contains("min_len:6, max_len:8").contains("Reference      : 130 (0x82)");
            assertThat(section(dump, "PIN [PUK]")).contains("unblockingPin").contains("Reference      : 131 (0x83)");
            assertThat(section(dump, "Private EC Key [todentamis- ja salausavain]")).contains("sign, derive")
                    .contains("FieldLength    : 384").contains("Key ref        : 1 (0x01)").contains("Auth ID        : 01").contains("ID             : 45");
            assertThat(section(dump, "Private EC Key [allekirjoitusavain]")).contains("nonRepudiation")
                    .contains("Key ref        : 2 (0x02)").contains("Path           : 3f005016").contains("Auth ID        : 02");
            assertThat(section(dump, "X.509 Certificate [todentamis- ja salausvarmenne]")).contains("Path           : 3f004331").contains("ID             : 45");
            assertThat(section(dump, "X.509 Certificate [allekirjoitusvarmenne]")).contains("Path           : 3f0050164332").contains("ID             : 46");
            assertThat(section(dump, "X.509 Certificate [eid4j TEST Root CA]")).contains("Authority      : yes");

            String objects = ProgramRun.of("pkcs11-tool", "--module", "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", "-L")
                    .with(Map.of("OPENSC_CONF", conf.toString())).run().ok().out();
            assertThat(objects).contains("HENKILOKORTTI (PIN1)").contains("HENKILOKORTTI (PIN2)");
        }
    }

    private static String section(String dump, String heading) {
        int start = dump.indexOf(heading);
        assertThat(start).as("pkcs15-tool --dump lists %s:%n%s", heading, dump).isNotNegative();
        int end = dump.indexOf("\n\n", start);
        return dump.substring(start, end < 0 ? dump.length() : end);
    }
}

package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.testing.ProgramRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's SunPKCS11 and eid4j's bridge side by side on one SoftHSM2 token, by the same JCA
 * calls ({@link ProviderProbe}): the table in docs/jca.md is what this test measures, and it
 * fails when the two part.
 */
class SunPkcs11VersusBridgeIT {
    private static final Path DOCUMENT = Path.of("../docs/jca.md");

    @TempDir
    Path folder;

    @BeforeAll
    static void token() throws Exception {
        SoftHsmToken.create();
    }

    private Map<String, String> probe(String provider, String pin) throws Exception {
        ProgramRun.Result run = ProgramRun.of(JavaMain.command(ProviderProbe.class, provider, SoftHsmToken.module(), folder.toString(), pin))
                .with(SoftHsmToken.environment()).within(Duration.ofSeconds(120)).run().ok();
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : run.out().split("\n")) {
            String[] cells = line.split("\t", 2);
            if (cells.length == 2) {
                results.put(cells[0], cells[1]);
            }
        }
        return results;
    }

    @Test
    void theTableInDocsJcaIsWhatEachProviderDoesOnTheSameToken() throws Exception {
        Map<String, String> sun = probe("SunPKCS11", SoftHsmToken.PIN);
        sun.putAll(probe("SunPKCS11", "999999"));
        Map<String, String> bridge = probe("Eid4j", SoftHsmToken.PIN);
        bridge.putAll(probe("Eid4j", "999999"));

        // What the bridge is for: the non-repudiation key, and a wrong PIN as a typed exception with a sentence.
        assertThat(bridge.get(ProviderProbe.ECDSA)).isEqualTo("yes");
        assertThat(bridge.get(ProviderProbe.EVERY_SIGNATURE)).isEqualTo("yes");
        assertThat(sun.get(ProviderProbe.ECDSA)).contains("CKR_USER_NOT_LOGGED_IN");
        assertThat(bridge.get(ProviderProbe.WRONG_PIN)).startsWith("PinIncorrectException \"Wrong PIN");

        StringBuilder table = new StringBuilder("| on the SoftHSM2 token | SunPKCS11 | Eid4j with `pkcs11=` (the bridge) |\n|---|---|---|\n");
        for (String row : ProviderProbe.ROWS) {
            table.append("| ").append(row).append(" | ").append(cell(sun.get(row))).append(" | ").append(cell(bridge.get(row))).append(" |\n");
        }
        assertThat(Files.readString(DOCUMENT)).as("docs/jca.md must hold the measured table:%n%s", table).contains(table);
    }

    private static String cell(String result) {
        return result == null ? "(not measured)" : result.replace("|", "\\|");
    }
}

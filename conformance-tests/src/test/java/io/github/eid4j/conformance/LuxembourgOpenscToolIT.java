package io.github.eid4j.conformance;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.luxembourg.Luxembourg;
import io.github.eid4j.card.luxembourg.LuxembourgVirtualCard;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivered virtual Luxembourg eID served into pcscd through vpcd, spoken to by OpenSC's
 * opensc-tool, a program nobody here wrote and that speaks no PACE: pcscd reports the contactless
 * ATR, EF.CardAccess is readable, and every other command is refused (69 82) until PACE, so the
 * letter's PIN cannot even be tried. (The first use under PACE runs in EidCommandIT.)
 */
class LuxembourgOpenscToolIT extends PcscdTest {
    private static final Pattern RECEIVED = Pattern.compile("Received \\(SW1=0x([0-9A-Fa-f]{2}), SW2=0x([0-9A-Fa-f]{2})\\)");

    @TempDir
    Path tmp;

    @Test
    void answersNothingButEfCardAccessWithoutPaceThroughPcscd() throws Exception {
        Personalisation delivered = new LuxembourgVirtualCard().personalise(false, new SecureRandom());
        String letterPin = new String(delivered.letter().get(LuxembourgVirtualCard.LETTER_PIN));
        delivered.wipe();
        // No driver of OpenSC 0.23 knows the card; its default driver lets opensc-tool send APDUs as given.
        Path conf = tmp.resolve("opensc.conf");
        Files.writeString(conf, "app default {\n  enable_default_driver = true;\n}\n");
        Map<String, String> environment = Map.of("OPENSC_CONF", conf.toString());

        try (VpcdBridge bridge = VpcdBridge.start(new VirtualCard(delivered.image(), NonVolatileMemory.NONE), PORT_0)) {
            Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the Luxembourg card");
            String index = Programs.openscReaderIndex(READER_0);
            String atr = ProgramRun.of("opensc-tool", "-r", index, "-a").with(environment).run().ok().out();
            assertThat(atr.strip().replace(":", "")).isEqualToIgnoringCase(Hex.plain(Luxembourg.ATR_TYPE_A));

            byte[] digest = MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3});
            String out = ProgramRun.of("opensc-tool", "-r", index,
                    "-s", "00 A4 04 0C 0C " + Hex.spaced(Luxembourg.AID),
                    "-s", "00 B0 9C 00 00",
                    "-s", "00 20 00 11 0C " + block(letterPin),
                    "-s", "00 24 00 11 18 " + block(letterPin) + " " + block("24681357"),
                    "-s", "00 22 41 B6 06 80 01 42 84 01 02",
                    "-s", "00 2A 90 A0 22 90 20 " + Hex.spaced(digest),
                    "-s", "00 2A 9E 9A 00",
                    "-s", "00 2A 90 A0 22 90 20 " + Hex.spaced(digest),
                    "-s", "00 2A 9E 9A 00").with(environment).run().ok().out();
            assertThat(statusWords(out)).as(out).containsExactly(
                    "6982", "9000", "6982", "6982", "6982", "6982", "6982", "6982", "6982");
            assertThat(out.replaceAll("\\s+", " ")).containsIgnoringCase(Hex.spaced(Luxembourg.CARD_ACCESS).substring(0, 47));
        }
    }

    private static String block(String digits) {
        byte[] b = new byte[Luxembourg.PIN_BLOCK];
        for (int i = 0; i < digits.length(); i++) {
            b[i] = (byte) digits.charAt(i);
        }
        return Hex.spaced(b);
    }

    private static List<String> statusWords(String out) {
        List<String> found = new ArrayList<>();
        Matcher m = RECEIVED.matcher(out);
        while (m.find()) {
            found.add((m.group(1) + m.group(2)).toUpperCase());
        }
        return found;
    }
}

package io.github.eid4j.apdu.emulator;

import static io.github.eid4j.apdu.pace.PaceKnownAnswerTest.NONCE;
import static io.github.eid4j.apdu.pace.PaceKnownAnswerTest.SK_DH_IC;
import static io.github.eid4j.apdu.pace.PaceKnownAnswerTest.SK_MAP_IC;
import static io.github.eid4j.apdu.pace.PaceKnownAnswerTest.TRANSCRIPT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.pace.GenericMapping;
import io.github.eid4j.apdu.sm.SmCipher;
import io.github.eid4j.testing.PaceTestCard;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The card side of ICAO Doc 9303-11 Appendix G.1 (see {@code PaceKnownAnswerTest} for the
 * source): with the example's nonce and the chip's two private keys, the virtual card answers the
 * example's GENERAL AUTHENTICATE commands with the example's bytes: PK_map,IC, PK_DH,IC and the
 * token T_IC, which it can only compute from the right mapped generator, shared secret and
 * KS_mac, and it accepts the terminal's token T_IFD. The password is the card's CAN instead of
 * the example's MRZ, so the encrypted nonce of step 1 is the CAN's (the rest does not depend on
 * the password once the nonce is known).
 */
class VirtualCardPaceKnownAnswerTest {

    @Test
    void theCardAnswersTheAppendixCommandsWithTheAppendixBytes() {
        VirtualCard card = new VirtualCard(PaceTestCard.image(), NonVolatileMemory.NONE);
        ArrayDeque<BigInteger> keys = new ArrayDeque<>(List.of(SK_MAP_IC, SK_DH_IC));
        card.usePaceRandomness(new PaceCommands.Randomness() {
            @Override
            public byte[] nonce(int length) {
                return NONCE.clone();
            }

            @Override
            public BigInteger privateKey(GenericMapping mapping) {
                return keys.removeFirst();
            }
        });
        card.powerOn();
        List<String> lines = TRANSCRIPT.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = 0; i < lines.size(); i += 2) {
            String command = lines.get(i).substring(2);
            String expected = lines.get(i + 1).substring(2).replace(" ", "");
            if (i == 0) {
                command = command.replace("83 01 01", "83 01 02"); // the CAN, not the MRZ
            }
            String answer = Hex.plain(card.process(Hex.decode(command)));
            if (i == 2) {
                byte[] kpi = SmCipher.AES.deriveKey(PaceTestCard.CAN.getBytes(StandardCharsets.US_ASCII), SmCipher.KDF_PASSWORD, 16);
                expected = "7C128010" + Hex.plain(SmCipher.AES.encrypt(kpi, new byte[16], NONCE)) + "9000";
            }
            assertThat(answer).as(command).isEqualTo(expected);
        }
        assertThat(card.session().secureChannel).as("the channel is open").isNotNull();
    }
}

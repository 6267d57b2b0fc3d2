package io.github.eid4j.apdu.pace;

import static io.github.eid4j.apdu.pace.PaceKnownAnswerTest.CARD_ACCESS;
import static io.github.eid4j.apdu.pace.PaceKnownAnswerTest.MRZ_INFORMATION;
import static io.github.eid4j.apdu.pace.PaceKnownAnswerTest.SK_DH_IFD;
import static io.github.eid4j.apdu.pace.PaceKnownAnswerTest.SK_MAP_IFD;
import static io.github.eid4j.apdu.pace.PaceKnownAnswerTest.TRANSCRIPT;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.transport.ApduRecording;
import io.github.eid4j.apdu.transport.ReplayTransport;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The terminal against cards that refuse or cheat, scripted from the worked example of ICAO 9303-11 G.1. */
class PaceTest {

    private static void run(String script, byte[] cardAccess) throws Exception {
        ReplayTransport card = new ReplayTransport(ApduRecording.parse(script, "script"));
        ArrayDeque<BigInteger> keys = new ArrayDeque<>(List.of(SK_MAP_IFD, SK_DH_IFD));
        try (PacePassword mrz = PacePassword.mrz(MRZ_INFORMATION)) {
            Pace.establish(card, CardAccess.parse(cardAccess), mrz, m -> keys.removeFirst()).close();
        }
    }

    @Test
    void aCardWhoseTokenDoesNotVerifyGetsNoChannel() {
        String forged = TRANSCRIPT.replace("3ABB9674BCE93C08", "3ABB9674BCE93C09");
        assertThatThrownBy(() -> run(forged, CARD_ACCESS))
                .isInstanceOf(PaceException.class)
                .hasMessage("The card's authentication token does not verify; PACE was abandoned.");
    }

    @Test
    void aCardThatOffersNoKnownProtocolIsOneSentence() {
        // PACE-ECDH-IM-AES-128 (…4.4.2): the Integrated Mapping, which eid4j does not speak.
        byte[] im = Hex.decode("31143012060A04007F0007020204040202010202010D");
        assertThatThrownBy(() -> run("", im))
                .isInstanceOf(PaceException.class)
                .hasMessage("The card offers no PACE protocol that eid4j speaks (ECDH Generic Mapping on a standard curve).");
    }

    @Test
    void refusalsAtMseSetAtAreSentencesAndCostNothing() {
        String mse = "> 00 22 C1 A4 0F 80 0A 04 00 7F 00 07 02 02 04 02 02 83 01 01\n";
        assertThatThrownBy(() -> run(mse + "< 6A 80\n", CARD_ACCESS))
                .isInstanceOf(PaceException.class)
                .hasMessage("The card refused PACE with the MRZ (MSE:Set AT answered 6A80).");
        assertThatThrownBy(() -> run(mse + "< 69 83\n", CARD_ACCESS))
                .isInstanceOf(PacePasswordBlockedException.class)
                .hasMessage("The MRZ is blocked.");
    }

    @Test
    void aWrongPasswordAtTheLastStepGivesTheTriesLeftOnce() {
        String wrong = TRANSCRIPT.replace("< 7C 0A 86 08 3ABB9674BCE93C08 90 00", "< 63 C1");
        assertThatThrownBy(() -> run(wrong, CARD_ACCESS))
                .isInstanceOf(WrongPacePasswordException.class)
                .hasMessage("Wrong MRZ: 1 try left before it is blocked.");
    }
}

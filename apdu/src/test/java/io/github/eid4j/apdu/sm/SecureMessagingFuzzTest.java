package io.github.eid4j.apdu.sm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;

/**
 * What a card answers under secure messaging, whatever it is: the terminal unwraps it, or refuses
 * it with {@link SecureMessagingException} and one sentence, never another exception. The keys are
 * ICAO 9303-11 App. D.3's, so a seed from App. D.4 unwraps.
 */
class SecureMessagingFuzzTest {

    @FuzzTest
    void responseFromCard(FuzzedDataProvider data) {
        SecureMessaging session = new SecureMessaging(SmCipher.TRIPLE_DES, Hex.decode("979EC13B1CBFE9DCD01AB0FED307EAE5"),
                Hex.decode("F1CB1F1FB5ADF208806B89DC579DC1F8"), Hex.decode("887022120C06C226"));
        session.wrapCommand(new CommandApdu(0x00, 0xB0, 0x00, 0x00, 4));
        byte[] response = data.consumeRemainingAsBytes();
        if (response.length < 2) {
            return; // the transport refuses those before secure messaging sees them
        }
        try {
            assertThat(session.unwrapResponse(response).toBytes()).hasSizeGreaterThanOrEqualTo(2);
        } catch (SecureMessagingException refused) {
            assertThat(refused.getMessage()).endsWith("the secure channel is closed.").doesNotContain("\n");
        }
    }
}

package io.github.eid4j.card;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The PIN rules say which one a value breaks: PKCS#11 answers with a code for each, JCA and the CLI with the sentence. */
class PinInfoTest {
    private static final PinInfo PIN1 = new PinInfo("PIN1", PinInfo.Role.AUTHENTICATION, 4, 8, 0x11);

    @Test
    void aValueOfTheWrongLengthBreaksTheLengthRule() {
        for (String value : new String[] {"123", "123456789", "1a"}) { // the length is checked first
            assertThatThrownBy(() -> PIN1.checkFormat(value.toCharArray())).isInstanceOf(PinFormatException.class)
                    .hasMessage("PIN1 must be 4 to 8 digits.").extracting(e -> ((PinFormatException) e).reason())
                    .isEqualTo(PinFormatException.Reason.LENGTH);
        }
    }

    @Test
    void aValueWithAnythingButDigitsBreaksTheCharacterRule() {
        for (String value : new String[] {"12a4", "1234 ", "١٢٣٤"}) {
            assertThatThrownBy(() -> PIN1.checkFormat(value.toCharArray())).isInstanceOf(PinFormatException.class)
                    .hasMessage("PIN1 must be 4 to 8 digits.").extracting(e -> ((PinFormatException) e).reason())
                    .isEqualTo(PinFormatException.Reason.CHARACTERS);
        }
        assertThatCode(() -> PIN1.checkFormat("0123".toCharArray())).doesNotThrowAnyException();
    }
}

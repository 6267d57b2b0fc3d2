package io.github.eid4j.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OneTimePinTest {
    private static final PinInfo PIN1 = new PinInfo("PIN1", PinInfo.Role.AUTHENTICATION, 4, 8, 0x11);
    private static final PinInfo PIN2 = new PinInfo("PIN2", PinInfo.Role.SIGNATURE, 6, 8, 0x82);

    @Test
    void answersItsPinOnce() throws Exception {
        OneTimePin pins = OneTimePin.only(PIN1, "1234".toCharArray());
        assertThat(pins.ask(new PinRequest(PIN1, PinRequest.Step.CURRENT, 5))).containsExactly('1', '2', '3', '4');
        assertThatThrownBy(() -> pins.ask(new PinRequest(PIN1, PinRequest.Step.CURRENT, 5)))
                .isInstanceOf(CancelledPinEntryException.class);
    }

    @Test
    void neverAnswersAnotherPinOrANewOne() {
        OneTimePin pins = OneTimePin.only(PIN1, "1234".toCharArray());
        assertThatThrownBy(() -> pins.ask(new PinRequest(PIN2, PinRequest.Step.CURRENT, 5))).isInstanceOf(CancelledPinEntryException.class);
        assertThatThrownBy(() -> pins.ask(new PinRequest(PIN1, PinRequest.Step.NEW, -1))).isInstanceOf(CancelledPinEntryException.class);
        assertThatThrownBy(() -> pins.ask(new PinRequest(PIN1, PinRequest.Step.PUK, 10))).isInstanceOf(CancelledPinEntryException.class);
    }

    @Test
    void asksTheFallbackForEverythingElse() throws Exception {
        OneTimePin pins = new OneTimePin(PIN2, "123456".toCharArray(), request -> "999999".toCharArray());
        assertThat(pins.ask(new PinRequest(PIN2, PinRequest.Step.CURRENT, 5))).containsExactly("123456".toCharArray());
        assertThat(pins.ask(new PinRequest(PIN2, PinRequest.Step.CURRENT, 5))).containsExactly("999999".toCharArray());
        assertThat(pins.ask(new PinRequest(PIN1, PinRequest.Step.CURRENT, 5))).containsExactly("999999".toCharArray());
    }

    @Test
    void wipesWhatWasNotUsed() {
        char[] value = "1234".toCharArray();
        OneTimePin pins = OneTimePin.only(PIN1, value);
        pins.close();
        assertThat(value).containsOnly('\0');
        assertThatThrownBy(() -> pins.ask(new PinRequest(PIN1, PinRequest.Step.CURRENT, 5))).isInstanceOf(CancelledPinEntryException.class);
        assertThatThrownBy(() -> OneTimePin.none().ask(new PinRequest(PIN1, PinRequest.Step.CURRENT, 5)))
                .isInstanceOf(CancelledPinEntryException.class);
    }
}

package io.github.eid4j.apdu.emulator;

import static io.github.eid4j.apdu.emulator.TestCards.PIN1;
import static io.github.eid4j.apdu.emulator.TestCards.PUK_VALUE;
import static io.github.eid4j.apdu.emulator.TestCards.block;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PIN that comes by post and must be changed at first use: until the holder sets their own,
 * the issuer's value opens CHANGE REFERENCE DATA only, and VERIFY refuses every value without
 * spending a try.
 */
class ChangeBeforeUseTest {
    private static final String LETTER_PIN = "4711";
    private static final String OWN_PIN = "2580";
    /** EF 5000/4400 is readable after PIN1 only. */
    private static final String SELECT_PROTECTED = "00A4080C 04 50004400";
    private static final String READ_PROTECTED = "00B00000 10";

    private CardImage image;
    private VirtualCard card;

    @BeforeEach
    void deliveredCard() {
        image = TestCards.image(TestCards.t1(), true);
        ReferenceData pin = image.pin(PIN1);
        pin.personalise(LETTER_PIN.toCharArray(), true);
        pin.requireChangeBeforeUse();
        card = new VirtualCard(image, i -> { });
        card.powerOn();
    }

    private String send(String hex) {
        return Hex.plain(card.process(Hex.decode(hex)));
    }

    private static String verify(String pin) {
        return "00200011 0C" + block(pin);
    }

    private static String change(String old, String now) {
        return "00240011 18" + block(old) + block(now);
    }

    @Test
    void theLettersPinDoesNotVerifyAndCostsNoTry() {
        assertThat(send(verify(LETTER_PIN))).isEqualTo("6985");
        assertThat(send(verify("9999"))).as("a wrong value gets the same answer: no oracle").isEqualTo("6985");
        assertThat(send("00200011")).as("the status query says so too").isEqualTo("6985");
        assertThat(image.pin(PIN1).triesLeft()).isEqualTo(5);
        send(SELECT_PROTECTED);
        assertThat(send(READ_PROTECTED)).isEqualTo("6982");
    }

    @Test
    void changingItWithTheLettersPinOpensTheCardAndEndsTheFirstUseState() {
        assertThat(send(change(LETTER_PIN, OWN_PIN))).isEqualTo("9000");
        send(SELECT_PROTECTED);
        assertThat(send(READ_PROTECTED)).as("the change verified the new PIN").endsWith("9000");
        card.reset();
        assertThat(send(verify(OWN_PIN))).isEqualTo("9000");
        assertThat(send(verify(LETTER_PIN))).isEqualTo("63C4");
        assertThat(image.pin(PIN1).awaitsChange()).isFalse();
    }

    @Test
    void aWrongLetterPinInTheChangeCostsATryAndBlocksLikeAnyPin() {
        assertThat(send(change("1111", OWN_PIN))).isEqualTo("63C4");
        for (int left = 3; left >= 0; left--) {
            assertThat(send(change("1111", OWN_PIN))).isEqualTo("63C" + left);
        }
        assertThat(send(change(LETTER_PIN, OWN_PIN))).isEqualTo("6983");
        assertThat(send(verify(LETTER_PIN))).as("blocked comes first").isEqualTo("6983");
    }

    @Test
    void unblockingWithThePukAloneKeepsTheLettersPinToBeChanged() {
        for (int i = 0; i < 5; i++) {
            send(change("1111", OWN_PIN));
        }
        assertThat(send("002C0111 0C" + block(PUK_VALUE))).isEqualTo("9000");
        assertThat(send(verify(LETTER_PIN))).isEqualTo("6985");
        assertThat(send(change(LETTER_PIN, OWN_PIN))).isEqualTo("9000");
    }

    @Test
    void aNewPinSetWithThePukIsTheHoldersOwn() {
        assertThat(send("002C0011 18" + block(PUK_VALUE) + block(OWN_PIN))).isEqualTo("9000");
        assertThat(send(verify(OWN_PIN))).isEqualTo("9000");
    }

    @Test
    void anInitialPinWithoutTheRuleVerifiesAsBefore() {
        // PIN2 of the test card is personalised as initial, without the rule (FINEID's "should change").
        assertThat(send("00200082 0C" + block(TestCards.PIN2_VALUE))).isEqualTo("9000");
    }

    @Test
    void theRuleAndTheStateSurviveTheCardsFolder(@TempDir Path home) throws Exception {
        Path folder = home.resolve("card");
        CardFolder.create(folder, "iso-test", image).close();
        try (CardFolder delivered = CardFolder.open(folder)) {
            VirtualCard reloaded = new VirtualCard(delivered.image(), delivered);
            reloaded.powerOn();
            assertThat(Hex.plain(reloaded.process(Hex.decode(verify(LETTER_PIN))))).isEqualTo("6985");
            assertThat(Hex.plain(reloaded.process(Hex.decode(change(LETTER_PIN, OWN_PIN))))).isEqualTo("9000");
        }
        try (CardFolder changed = CardFolder.open(folder)) {
            assertThat(changed.image().pin(PIN1).changeBeforeUseRequired()).isTrue();
            VirtualCard reloaded = new VirtualCard(changed.image(), changed);
            reloaded.powerOn();
            assertThat(Hex.plain(reloaded.process(Hex.decode(verify(OWN_PIN))))).isEqualTo("9000");
        }
    }
}

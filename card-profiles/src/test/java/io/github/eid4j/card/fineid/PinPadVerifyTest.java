package io.github.eid4j.card.fineid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.InProcessConnection;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinPad;
import io.github.eid4j.card.WrongPinException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A FINEID v4 card in a PIN pad reader: the driver sends PIN_VERIFY_STRUCTURE to the reader
 * (FEATURE_VERIFY_PIN_DIRECT), and this test's reader does what a CCID PIN pad does with it:
 * reads the format, block and lengths from the structure, writes the digits "typed" on its keypad
 * into the command's PIN block and sends the command to the card, which checks the PIN.
 */
class PinPadVerifyTest {
    private static final int VERIFY_PIN_DIRECT = 0x42330006;

    private VirtualCard icc;
    private EidCard card;
    private PinInfo pin1;
    private final List<byte[]> structures = new ArrayList<>();
    /** What the user types on the keypad; null: the user presses Cancel. */
    private String typed;

    @BeforeEach
    void cardInAPinPadReader() throws Exception {
        icc = new VirtualCard(new FineidVirtualCard.V4().personalise(true, new SecureRandom()).image(), NonVolatileMemory.NONE);
        card = EidCards.open(new InProcessConnection(icc, true, "test card", () -> { }));
        pin1 = card.pins().get(0);
    }

    /** The reader: a CCID PIN pad reading PIN_VERIFY_STRUCTURE (PC/SC part 10 §2.5.2). */
    private byte[] reader(int code, byte[] structure) {
        assertThat(code).isEqualTo(VERIFY_PIN_DIRECT);
        structures.add(structure.clone());
        if (typed == null) {
            return new byte[] {0x64, 0x01}; // the user pressed Cancel
        }
        int format = structure[2] & 0xFF;
        int blockLength = structure[3] & 0x0F;
        int max = structure[5] & 0xFF;
        int min = structure[6] & 0xFF;
        int dataLength = (structure[15] & 0xFF) | (structure[16] & 0xFF) << 8;
        assertThat(format & 0x03).as("ASCII").isEqualTo(2);
        assertThat(typed.length()).isBetween(min, max);
        byte[] apdu = Arrays.copyOfRange(structure, 19, 19 + dataLength);
        int at = 5 + ((format >> 3) & 0x0F);
        for (int i = 0; i < typed.length() && i < blockLength; i++) {
            apdu[at + i] = (byte) typed.charAt(i);
        }
        return icc.process(apdu);
    }

    private PinPad pad() {
        return new PinPad(this::reader, VERIFY_PIN_DIRECT, 20);
    }

    @Test
    void theRightPinOnTheKeypadVerifies() throws Exception {
        typed = "1234";
        card.verify(pin1, pad());
        assertThat(card.status(pin1).triesLeft()).isEqualTo(card.status(pin1).maxTries());
        // What left the computer: the VERIFY with a block of padding only, never a digit.
        byte[] structure = structures.get(0);
        assertThat(structure[0]).as("bTimerOut: 20 s").isEqualTo((byte) 20);
        assertThat(Arrays.copyOfRange(structure, 19, structure.length)).isEqualTo(new byte[] {
            0x00, 0x20, 0x00, 0x11, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // PIN1 (11), a 12-byte block
        assertThat(structure[3]).as("bmPINBlockString: 12-byte block").isEqualTo((byte) 0x0C);
    }

    @Test
    void aWrongPinOnTheKeypadIsToldWithTheTriesLeft() throws Exception {
        typed = "9999";
        assertThatThrownBy(() -> card.verify(pin1, pad())).isInstanceOf(WrongPinException.class)
                .hasMessageContaining("Wrong PIN1").hasMessageContaining("4 tries left");
        typed = "1234";
        card.verify(pin1, pad());
    }

    @Test
    void cancelOnTheKeypadSpendsNoTry() throws Exception {
        typed = null;
        assertThatThrownBy(() -> card.verify(pin1, pad())).isInstanceOf(CancelledPinEntryException.class);
        assertThat(card.status(pin1).triesLeft()).isEqualTo(5);
    }
}

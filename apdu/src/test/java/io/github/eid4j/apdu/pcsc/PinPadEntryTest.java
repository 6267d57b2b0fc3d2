package io.github.eid4j.apdu.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * PIN_VERIFY_STRUCTURE and PIN_MODIFY_STRUCTURE (PC/SC part 10 v2.02 §2.5.2, §2.5.3) for the
 * FINEID PIN1 (reference 0x11, 4 to 8 ASCII digits padded with 00 to 8 bytes), field by field.
 */
class PinPadEntryTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static final PinPadEntry FINEID_PIN1 = PinPadEntry.asciiPadded(8, 4, 8);

    @Test
    void verifyStructure() {
        byte[] verify = hex("00 20 00 11 08 0000000000000000");
        assertThat(FINEID_PIN1.verifyStructure(verify, 20)).isEqualTo(hex(
                "14" // bTimerOut: 20 s
                + "14" // bTimerOut2
                + "82" // bmFormatString: byte units, PIN at 0, left-justified, ASCII
                + "08" // bmPINBlockString: no length field, 8-byte block
                + "00" // bmPINLengthFormat
                + "08 04" // wPINMaxExtraDigit 0x0408: 4 to 8 digits, little-endian
                + "02" // bEntryValidationCondition: OK key
                + "01" // bNumberMessage
                + "09 04" // wLangId 0x0409
                + "00" // bMsgIndex
                + "000000" // bTeoPrologue
                + "0D000000" // ulDataLength: 13
                + "00 20 00 11 08 0000000000000000"));
    }

    @Test
    void modifyStructure() {
        byte[] change = hex("00 24 00 11 10 0000000000000000 0000000000000000");
        assertThat(FINEID_PIN1.modifyStructure(change, 0)).isEqualTo(hex(
                "00 00" // timers: the reader's own
                + "82 08 00" // formats, as for VERIFY
                + "00" // bInsertionOffsetOld
                + "08" // bInsertionOffsetNew: after the old PIN's block
                + "08 04" // 4 to 8 digits
                + "03" // bConfirmPIN: current PIN, and the new one twice
                + "02" // OK key
                + "03" // three messages
                + "09 04"
                + "00 01 02" // bMsgIndex1..3
                + "000000"
                + "15000000" // ulDataLength: 21
                + "00 24 00 11 10 0000000000000000 0000000000000000"));
    }

    @Test
    void aCommandThatIsNotTheBlocksIsRefused() {
        assertThatThrownBy(() -> FINEID_PIN1.verifyStructure(hex("00 20 00 11 06 000000000000"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 bytes");
        assertThatThrownBy(() -> PinPadEntry.asciiPadded(16, 4, 12)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.github.eid4j.apdu.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** FEATURE_EXECUTE_PACE's commands and answers (PC/SC part 10 amendment 1, BSI TR-03119 D). */
class ReaderPaceTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void capabilities() throws Exception {
        assertThat(ReaderPace.capabilitiesRequest()).isEqualTo(hex("01 0000"));
        // Result 0, one byte of output: generic PACE (40) and DestroyPACEChannel (80)
        ReaderPace.Capabilities c = ReaderPace.capabilities(hex("00000000 0100 C0"));
        assertThat(c.genericPace()).isTrue();
        assertThat(c.destroyChannel()).isTrue();
        assertThat(c.germanEid()).isFalse();
        assertThat(c.qualifiedSignature()).isFalse();
        assertThat(ReaderPace.capabilities(hex("00000000 0100 30")).genericPace()).isFalse();
    }

    @Test
    void establishWithTheCan() {
        byte[] request = ReaderPace.establishRequest(ReaderPace.Password.CAN, "271828".toCharArray());
        assertThat(request).isEqualTo(hex(
                "02" // EstablishPACEChannel
                + "0B00" // input: 11 bytes
                + "02" // PasswordID: CAN
                + "00" // no CHAT
                + "06 323731383238" // the CAN, ASCII
                + "0000")); // no certificate description
        // No password: the reader asks for it on its keypad.
        assertThat(ReaderPace.establishRequest(ReaderPace.Password.PIN, null)).isEqualTo(hex("02 0500 03 00 00 0000"));
        assertThat(ReaderPace.destroyRequest()).isEqualTo(hex("03 0000"));
    }

    @Test
    void theChannelsAnswer() throws Exception {
        ReaderPace.Channel channel = ReaderPace.channel(hex(
                "00000000" // success
                + "0E00" // 14 bytes of output
                + "9000" // MSE:Set AT's status word
                + "0300 310102" // EF.CardAccess (3 bytes here)
                + "00" // no CARcurr
                + "00" // no CARprev
                + "0300 AABBCC")); // IDicc
        assertThat(channel.mseSetAtStatus()).isEqualTo(0x0090); // the two bytes as they came, little-endian
        assertThat(channel.cardAccess()).isEqualTo(hex("310102"));
        assertThat(channel.cardId()).isEqualTo(hex("AABBCC"));
    }

    /** A wrong password: the card's 63C2 in result 0xF00663C2 (little-endian on the wire), 2 tries left. */
    @Test
    void aWrongPasswordGivesTheTriesLeft() {
        assertThatThrownBy(() -> ReaderPace.channel(hex("C26306F0 0000")))
                .isInstanceOfSatisfying(ReaderPaceException.class, e -> {
                    assertThat(e.result()).isEqualTo(0xF00663C2);
                    assertThat(e.triesLeft()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("63C2");
                });
        assertThatThrownBy(() -> ReaderPace.channel(hex("010020F0 0000")))
                .isInstanceOfSatisfying(ReaderPaceException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("PACE was cancelled on the reader.");
                    assertThat(e.triesLeft()).isEqualTo(-1);
                });
    }

    /** What the driver decides from a failure: a wrong password, or a failure the host may retry with its own PACE. */
    @Test
    void aFailureSaysWhetherThePasswordWasWrongAndWhetherTheCardTookPart() {
        ReaderPaceException wrongCan = new ReaderPaceException(0xF0036300, "");
        assertThat(wrongCan.wrongPassword()).isTrue();
        assertThat(wrongCan.beforeCard()).isFalse();
        assertThat(new ReaderPaceException(0xF00663C2, "").wrongPassword()).isTrue();
        assertThat(new ReaderPaceException(0xF0200001, "").wrongPassword()).as("cancelled").isFalse();
        assertThat(new ReaderPaceException(0xD0000002, "").beforeCard()).as("an error in the input").isTrue();
        assertThat(new ReaderPaceException(0xE0000001, "").beforeCard()).as("the card's answer malformed").isFalse();
        assertThat(new ReaderPaceException(0xF0036A80, "").beforeCard()).isFalse();
        assertThat(new ReaderPaceException(0xF0036A80, "").wrongPassword()).isFalse();
        assertThat(new ReaderPaceException(0, "").beforeCard()).as("an answer that does not parse").isFalse();
    }

    @Test
    void aMalformedAnswerIsOneSentence() {
        assertThatThrownBy(() -> ReaderPace.channel(hex("00000000 0400 9000 0900")))
                .isInstanceOf(ReaderPaceException.class).hasMessage("The reader's PACE answer ends early.");
        assertThatThrownBy(() -> ReaderPace.capabilities(hex("00000000 0200 C0")))
                .isInstanceOf(ReaderPaceException.class).hasMessageContaining("announces 2 bytes and has 1");
        assertThatThrownBy(() -> ReaderPace.capabilities(hex("0000"))).isInstanceOf(ReaderPaceException.class);
    }
}

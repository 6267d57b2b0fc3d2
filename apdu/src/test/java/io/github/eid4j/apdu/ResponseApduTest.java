package io.github.eid4j.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResponseApduTest {

    @Test
    void splitsDataAndStatusWord() {
        ResponseApdu r = ResponseApdu.parse(Hex.decode("62 04 81 02 04 3F 90 00"));
        assertThat(r.isSuccess()).isTrue();
        assertThat(r.data()).containsExactly(Hex.decode("62 04 81 02 04 3F"));
        assertThat(r.sw()).isEqualTo(0x9000);
        assertThat(r.toString()).isEqualTo("6 data bytes, SW 9000 (success)");
    }

    @Test
    void buildsFromDataAndStatusWord() {
        assertThat(ResponseApdu.of(new byte[] {1}, StatusWord.wrongPin(2)).toBytes()).containsExactly(1, 0x63, 0xC2);
        assertThat(ResponseApdu.of(StatusWord.FILE_NOT_FOUND).toBytes()).containsExactly(0x6A, 0x82);
    }

    @Test
    void rejectsAnswersWithoutStatusWord() {
        assertThatThrownBy(() -> ResponseApdu.parse(new byte[] {(byte) 0x90}))
                .isInstanceOf(ApduFormatException.class)
                .hasMessage("A response APDU needs at least the 2 status bytes, but has 1.");
        assertThatThrownBy(() -> ResponseApdu.parse(null)).isInstanceOf(ApduFormatException.class);
    }
}

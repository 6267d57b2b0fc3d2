package io.github.eid4j.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusWordTest {

    @Test
    void decodesTriesLeft() {
        assertThat(StatusWord.of(0x63C3).triesLeft()).hasValue(3);
        assertThat(StatusWord.of(0x63C3).meaning()).isEqualTo("verification failed, 3 tries left");
        assertThat(StatusWord.of(0x63C1).meaning()).isEqualTo("verification failed, 1 try left");
        assertThat(StatusWord.of(0x63C0).meaning()).isEqualTo("verification failed, now blocked");
        assertThat(StatusWord.of(0x6300).triesLeft()).isEmpty();
        assertThat(StatusWord.OK.triesLeft()).isEmpty();
    }

    @Test
    void decodesMoreDataAndWrongLe() {
        assertThat(StatusWord.of(0x6120).isMoreDataAvailable()).isTrue();
        assertThat(StatusWord.of(0x6120).bytesAvailable()).isEqualTo(32);
        assertThat(StatusWord.of(0x6100).bytesAvailable()).isEqualTo(256);
        assertThat(StatusWord.of(0x6CB5).isWrongLe()).isTrue();
        assertThat(StatusWord.of(0x6CB5).correctNe()).isEqualTo(0xB5);
        assertThat(StatusWord.of(0x6C00).correctNe()).isEqualTo(256);
        assertThatThrownBy(() -> StatusWord.OK.correctNe()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void namesTheValuesEidCardsUse() {
        assertThat(StatusWord.of(0x6983)).isEqualTo(StatusWord.AUTHENTICATION_METHOD_BLOCKED);
        assertThat(StatusWord.of(0x6983).isBlocked()).isTrue();
        assertThat(StatusWord.of(0x6984).isBlocked()).isTrue();
        assertThat(StatusWord.FILE_NOT_FOUND.toString()).isEqualTo("6A82 (file or application not found)");
        assertThat(StatusWord.SECURITY_STATUS_NOT_SATISFIED.meaning()).isEqualTo("security status not satisfied");
        assertThat(StatusWord.of(0x6A99).meaning()).isEqualTo("wrong parameters P1-P2");
        assertThat(StatusWord.of(0x1234).meaning()).isEqualTo("unknown status");
    }

    @Test
    void rejectsValuesThatAreNotTwoBytes() {
        assertThatThrownBy(() -> StatusWord.of(0x10000)).isInstanceOf(ApduFormatException.class);
        assertThatThrownBy(() -> StatusWord.wrongPin(16)).isInstanceOf(IllegalArgumentException.class);
    }
}

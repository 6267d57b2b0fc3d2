package io.github.eid4j.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HexTest {
    @Test
    void readsWhatPeopleType() {
        assertThat(Hex.decode("00 a4:04\n0C")).containsExactly(0x00, 0xA4, 0x04, 0x0C);
        assertThat(Hex.spaced(new byte[] {0x0A, (byte) 0xFF})).isEqualTo("0A FF");
        assertThat(Hex.plain(new byte[] {0x0A, (byte) 0xFF})).isEqualTo("0AFF");
    }

    @Test
    void rejectsWhatIsNotHex() {
        assertThatThrownBy(() -> Hex.decode("0G")).hasMessage("'G' is not a hex digit.");
        assertThatThrownBy(() -> Hex.decode("123")).hasMessage("Hex text has an odd number of digits (3).");
    }
}

package io.github.eid4j.card.pkcs15;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import org.junit.jupiter.api.Test;

class PathTest {
    @Test
    void encodesAWholeFile() {
        assertThat(Hex.spaced(Path.ofHex("3F00").encode())).isEqualTo("30 04 04 02 3F 00");
    }

    @Test
    void encodesARangeWithAnImplicitlyTaggedLength() {
        Path path = Path.ofHex("4331").withRange(0, 2000);

        // length [0] INTEGER is implicit: 80 02 07 D0, not A0 04 02 02 07 D0.
        assertThat(Hex.spaced(path.encode())).isEqualTo("30 0B 04 02 43 31 02 01 00 80 02 07 D0");
        assertThat(Path.decode(path.encode())).isEqualTo(path);
        assertThat(path.index()).hasValue(0);
        assertThat(path.length()).hasValue(2000);
        assertThat(path).hasToString("4331[0+2000]");
    }

    @Test
    void dropsALoneIndexOrLengthAsOpenScDoes() {
        assertThat(Path.decode(Hex.decode("30 07 04 02 43 31 02 01 05"))).isEqualTo(Path.ofHex("4331"));
        assertThat(Path.decode(Hex.decode("30 07 04 02 43 31 80 01 05"))).isEqualTo(Path.ofHex("4331"));
    }

    @Test
    void keepsItsBytesToItself() {
        byte[] bytes = Hex.decode("3F00");
        Path path = Path.of(bytes);
        bytes[0] = 0;
        path.efidOrPath()[1] = 1;

        assertThat(path.efidOrPath()).containsExactly(0x3F, 0x00);
    }

    @Test
    void rejectsMalformedPaths() {
        assertThatThrownBy(() -> Path.decode(Hex.decode("30 00")))
                .isInstanceOf(Pkcs15FormatException.class).hasMessage("The Path ends before its efidOrPath.");
        assertThatThrownBy(() -> Path.decode(Hex.decode("04 02 3F 00")))
                .isInstanceOf(Pkcs15FormatException.class).hasMessage("The Path is not a SEQUENCE.");
        assertThatThrownBy(() -> Path.decode(Hex.decode("30 0A 04 02 43 31 02 01 FF 80 01 05")))
                .isInstanceOf(Pkcs15FormatException.class).hasMessage("The Path has a negative index or length.");
        assertThatThrownBy(() -> Path.decode(Hex.decode("30 0E 04 02 43 31 02 01 00 80 05 01 00 00 00 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The length of the Path 4294967296 is out of range.");
        assertThatThrownBy(() -> Path.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}

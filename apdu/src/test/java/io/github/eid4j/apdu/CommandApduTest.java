package io.github.eid4j.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandApduTest {

    @Test
    void encodesTheFourShortCases() {
        assertThat(Hex.spaced(new CommandApdu(0x00, 0xA4, 0x04, 0x0C).toBytes())).isEqualTo("00 A4 04 0C");
        assertThat(Hex.spaced(new CommandApdu(0x00, 0xB0, 0x00, 0xB5, 256).toBytes())).isEqualTo("00 B0 00 B5 00");
        assertThat(Hex.spaced(new CommandApdu(0x00, 0xA4, 0x08, 0x0C, Hex.decode("4331")).toBytes()))
                .isEqualTo("00 A4 08 0C 02 43 31");
        assertThat(Hex.spaced(new CommandApdu(0x00, 0xA4, 0x08, 0x04, Hex.decode("4331"), 256).toBytes()))
                .isEqualTo("00 A4 08 04 02 43 31 00");
    }

    @Test
    void encodesExtendedOnlyWhenNeeded() {
        byte[] data = new byte[256];
        assertThat(new CommandApdu(0, 0x2A, 0x9E, 0x9A, 256).isExtended()).isFalse();
        assertThat(Hex.spaced(new CommandApdu(0, 0xB0, 0, 0, 65536).toBytes())).isEqualTo("00 B0 00 00 00 00 00");
        assertThat(Hex.spaced(new CommandApdu(0, 0xB0, 0, 0, 257).toBytes())).isEqualTo("00 B0 00 00 00 01 01");
        byte[] case3e = new CommandApdu(0, 0xD6, 0, 0, data).toBytes();
        assertThat(case3e).hasSize(7 + 256);
        assertThat(Hex.spaced(case3e, 0, 7)).isEqualTo("00 D6 00 00 00 01 00");
        byte[] case4e = new CommandApdu(0, 0x2A, 0x80, 0x86, data, 65536).toBytes();
        assertThat(case4e).hasSize(9 + 256);
        assertThat(Hex.spaced(case4e, case4e.length - 2, case4e.length)).isEqualTo("00 00");
    }

    @Test
    void parsesEveryCaseWithLeZeroMeaningTheMaximum() {
        assertThat(CommandApdu.parse(Hex.decode("00B0000000")).ne()).isEqualTo(256);
        assertThat(CommandApdu.parse(Hex.decode("00B00000000000")).ne()).isEqualTo(65536);
        CommandApdu verify = CommandApdu.parse(Hex.decode("00200011 0C 31323334 0000000000000000"));
        assertThat(verify.caseNumber()).isEqualTo(3);
        assertThat(verify.nc()).isEqualTo(12);
        CommandApdu select = CommandApdu.parse(Hex.decode("00A40804024331 00"));
        assertThat(select.caseNumber()).isEqualTo(4);
        assertThat(select.ne()).isEqualTo(256);
        assertThat(select.p1p2()).isEqualTo(0x0804);
        CommandApdu ext4 = CommandApdu.parse(Hex.decode("002A8086 000003 010203 0000"));
        assertThat(ext4.ne()).isEqualTo(65536);
        assertThat(ext4.isExtended()).isTrue();
        assertThat(ext4.nc()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00", "00A404", "00A4040C0AA0", "00A4040C02434100FF", "00A40400000A",
        "00A404000000", "00A4040000000241", "00A40400000000 41", "00A40400000002414200"})
    void rejectsMalformedBytesWithOneSentence(String hex) {
        byte[] bytes = Hex.decode(hex);
        assertThatThrownBy(() -> CommandApdu.parse(bytes))
                .isInstanceOf(ApduFormatException.class)
                .hasMessageEndingWith(".")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void acceptsNonMinimalButValidExtendedEncodings() {
        assertThat(CommandApdu.parse(Hex.decode("00A4040000000141")).data()).containsExactly(0x41);
        assertThat(CommandApdu.parse(Hex.decode("00A4040000")).ne()).isEqualTo(256);
    }

    @Test
    void rejectsOutOfRangeFields() {
        assertThatThrownBy(() -> new CommandApdu(0x100, 0, 0, 0)).isInstanceOf(ApduFormatException.class)
                .hasMessage("CLA must be a byte value 0x00 to 0xFF, not 256.");
        assertThatThrownBy(() -> new CommandApdu(0, 0, 0, 0, 65537)).isInstanceOf(ApduFormatException.class);
        assertThatThrownBy(() -> new CommandApdu(0, 0, 0, 0, new byte[65536])).isInstanceOf(ApduFormatException.class);
        assertThatThrownBy(() -> CommandApdu.parse(null)).isInstanceOf(ApduFormatException.class);
    }

    @Test
    void toStringNeverShowsTheDataField() {
        CommandApdu verify = new CommandApdu(0, 0x20, 0, 0x11, "1234".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(verify.toString()).isEqualTo("00 20 00 11 (Nc=4, Ne=0)").doesNotContain("31");
    }

    @Test
    void isImmutable() {
        byte[] data = {1, 2, 3};
        CommandApdu c = new CommandApdu(0, 0xD6, 0, 0, data);
        data[0] = 9;
        c.data()[1] = 9;
        assertThat(c.data()).containsExactly(1, 2, 3);
    }
}

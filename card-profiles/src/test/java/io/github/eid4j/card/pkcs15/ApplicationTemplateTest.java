package io.github.eid4j.card.pkcs15;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplicationTemplateTest {
    /** By hand from ISO/IEC 7816-4: 61 { 4F AID, 50 label, 51 path }. */
    static final String SAMPLE = "61 1C"
            + " 4F 0C A0 00 00 00 63 50 4B 43 53 2D 31 35"  // the PKCS#15 AID
            + " 50 06 46 49 4E 45 49 44"                     // "FINEID"
            + " 51 04 3F 00 50 15";

    @Test
    void decodesAHandMadeEfDirWithPadding() {
        List<ApplicationTemplate> templates = ApplicationTemplate.decodeAll(Hex.decode(SAMPLE + " 00 00 00"));

        assertThat(templates).hasSize(1);
        ApplicationTemplate app = templates.get(0);
        assertThat(app.aid()).containsExactly(ApplicationTemplate.PKCS15_AID);
        assertThat(app.label()).contains("FINEID");
        assertThat(app.path()).hasValueSatisfying(path -> assertThat(path).containsExactly(0x3F, 0x00, 0x50, 0x15));
    }

    @Test
    void encodesTheSameBytes() {
        ApplicationTemplate app = ApplicationTemplate.of(ApplicationTemplate.PKCS15_AID, "FINEID", Hex.decode("3F00 5015"));

        assertThat(Hex.spaced(app.encode())).isEqualTo(SAMPLE);
        assertThat(ApplicationTemplate.decode(app.encode())).isEqualTo(app);
    }

    @Test
    void roundTripsSeveralRecordsInOneTransparentFile() {
        List<ApplicationTemplate> templates = List.of(
                ApplicationTemplate.of(ApplicationTemplate.PKCS15_AID, "FINEID", Hex.decode("3F00 5015")),
                ApplicationTemplate.of(Hex.decode("D2 46 00 00 01"), null, null));

        byte[] efDir = ApplicationTemplate.encodeAll(templates);

        assertThat(Hex.spaced(efDir)).endsWith("61 07 4F 05 D2 46 00 00 01");
        assertThat(ApplicationTemplate.decodeAll(efDir)).isEqualTo(templates);
    }

    @Test
    void readsChildrenInAnyOrderAndSkipsOthers() {
        ApplicationTemplate app = ApplicationTemplate.decode(Hex.decode("61 0E 51 02 50 15 53 02 01 02 4F 04 01 02 03 04"));

        assertThat(app.aid()).containsExactly(1, 2, 3, 4);
        assertThat(app.label()).isEmpty();
        assertThat(app.path()).hasValueSatisfying(path -> assertThat(path).containsExactly(0x50, 0x15));
    }

    @Test
    void rejectsRecordsWithoutAnAid() {
        assertThatThrownBy(() -> ApplicationTemplate.decode(Hex.decode("61 04 50 02 41 42")))
                .isInstanceOf(Pkcs15FormatException.class).hasMessage("The EF.DIR record has no AID (tag 4F).");
        assertThatThrownBy(() -> ApplicationTemplate.decode(Hex.decode("30 04 4F 02 41 42")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The EF.DIR record is not an application template (tag 61).");
        assertThatThrownBy(() -> ApplicationTemplate.decodeAll(Hex.decode(SAMPLE + " 61 02 4F 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The EF.DIR record (object 2) has an AID of 0 bytes, where 1 to 16 are allowed.");
        assertThatThrownBy(() -> ApplicationTemplate.of(new byte[17], null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

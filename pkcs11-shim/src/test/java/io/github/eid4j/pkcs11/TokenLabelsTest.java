package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.card.KeyPurpose;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labels a person reads in a browser's PIN prompt and certificate list, within PKCS#11's widths. */
class TokenLabelsTest {
    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aTokenLabelNamesTheHolderThePinAndTheCard() {
        assertThat(TokenLabels.token("Maija Meikäläinen", "PIN1", "3603032836367850")).isEqualTo("Maija Meikäläinen (PIN1) #7850");
        // Two cards of one holder differ by the serial number's tail, as pkcs11-tool shows it (16 characters).
        assertThat(TokenLabels.token("Maija Meikäläinen", "PIN2", "27036682115890861234")).isEqualTo("Maija Meikäläinen (PIN2) #9086");
    }

    @Test
    void aLongNameIsCutAtACharacterNeverThePinOrTheSerial() {
        String label = TokenLabels.token("Väinö Specimen-Poitsu-Äääkkönen", "PIN1", "1234567890");
        assertThat(bytes(label)).isLessThanOrEqualTo(TokenLabels.LABEL_BYTES);
        assertThat(label).startsWith("Väinö Specimen").endsWith(" (PIN1) #7890").doesNotContain("\uFFFD");
        String ascii = TokenLabels.token("A".repeat(40), "PIN", "42");
        assertThat(ascii).hasSize(32).endsWith("A (PIN) #42");
    }

    @Test
    void aSlotDescriptionNamesTheReaderAndTheCard() {
        assertThat(TokenLabels.slot("Virtual PCD 00 00", "FINEID v4.0", "3603032836367850"))
                .isEqualTo("Virtual PCD 00 00 (FINEID v4.0 #7850)");
        String longReader = TokenLabels.slot("Ä".repeat(40), "FINEID v3.1", "99");
        assertThat(bytes(longReader)).isLessThanOrEqualTo(TokenLabels.DESCRIPTION_BYTES);
        assertThat(longReader).endsWith(" (FINEID v3.1 #99)");
    }

    @Test
    void keyLabelsFollowTheLanguageOfMessagesElseEnglish() {
        assertThat(KeyLabels.forEnvironment(Map.of("LANG", "fi_FI.UTF-8")).of(KeyPurpose.AUTHENTICATION)).isEqualTo("Todentaminen");
        assertThat(KeyLabels.forEnvironment(Map.of("LANG", "fi_FI.UTF-8", "LC_MESSAGES", "sv_FI.UTF-8")).of(KeyPurpose.SIGNATURE))
                .isEqualTo("Underskrift");
        assertThat(KeyLabels.forEnvironment(Map.of("LC_ALL", "fr_LU.UTF-8", "LANG", "fi_FI")).of(KeyPurpose.AUTHENTICATION))
                .isEqualTo("Authentification");
        assertThat(KeyLabels.forEnvironment(Map.of("LANG", "ja_JP.UTF-8")).of(KeyPurpose.SIGNATURE)).isEqualTo("Signature");
        assertThat(KeyLabels.forEnvironment(Map.of("LANG", "C.UTF-8")).of(KeyPurpose.AUTHENTICATION)).isEqualTo("Authentication");
        assertThat(KeyLabels.forEnvironment(Map.of()).of(KeyPurpose.AUTHENTICATION)).isEqualTo("Authentication");
    }
}

package io.github.eid4j.card.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class CitizenTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @RepeatedTest(20)
    void generatedSerialNumbersAreEightDigitsStartingWith999AndACheckCharacter() {
        String serial = Citizen.randomTestSerialNumber(RANDOM);
        assertThat(serial).matches("999[0-9]{5}[0-9A-Y]");
        assertThat(Citizen.checkCharacter(serial.substring(0, 8))).isEqualTo(serial.charAt(8));
    }

    /** The SATUs of DVV's specimen cards, in the certificates of libelectronic-id's recordings (docs/recordings.md). */
    @Test
    void theCheckCharacterIsTheOneOfDvvSpecimenCards() {
        assertThat(Citizen.checkCharacter("99900335")).isEqualTo('E');
        assertThat(Citizen.checkCharacter("99902038")).isEqualTo('C');
    }

    @Test
    void hasTheCommonNameShapeOfDvvCertificates() {
        Citizen citizen = Citizen.of("Väinö", "Specimen-Poitsu", "999198153");

        assertThat(citizen.commonName()).isEqualTo("Specimen-Poitsu Väinö 999198153");
        assertThat(citizen.email()).isEmpty();
        assertThat(citizen.withEmail("v@example.fi").email()).contains("v@example.fi");
        assertThat(Citizen.test("A", "B", RANDOM).serialNumber()).startsWith(Citizen.TEST_SERIAL_PREFIX);
    }

    @Test
    void rejectsMissingNamesAndBadAddresses() {
        assertThatThrownBy(() -> Citizen.of(" ", "B", "999198153")).hasMessage("A citizen needs a givenName.");
        assertThatThrownBy(() -> Citizen.of("A", null, "999198153")).hasMessage("A citizen needs a surname.");
        assertThatThrownBy(() -> Citizen.of("A", "B", "")).hasMessage("A citizen needs a serialNumber.");
        assertThatThrownBy(() -> Citizen.of("A", "B", "1").withEmail("nobody")).hasMessage("'nobody' is not an e-mail address.");
    }
}

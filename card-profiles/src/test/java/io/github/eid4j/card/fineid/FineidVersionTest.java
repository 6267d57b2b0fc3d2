package io.github.eid4j.card.fineid;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ATRs of docs/cards.md §1.1, contact and contactless, and ATRs that must not match. */
class FineidVersionTest {

    @ParameterizedTest
    @CsvSource({
        "3B 7F 96 00 00 80 31 B8 65 B0 85 03 00 EF 12 00 F6 82 90 00, V3_0",
        "3B 7F 96 00 00 80 31 B8 65 B0 85 04 02 1B 12 00 F6 82 90 00, V3_1",
        "3B 7F 96 00 00 80 31 B8 65 B0 85 05 00 11 12 24 60 82 90 00, V4_0",
        "3B 7F 96 00 00 80 31 B8 65 B0 85 05 10 24 12 24 60 82 90 00, V4_1",
        "3B 8F 80 01 80 31 B8 65 B0 85 03 00 EF 12 00 F6 82 90 00 4D, V3_0",
        "3B 8F 80 01 80 31 B8 65 B0 85 04 02 1B 12 00 F6 82 90 00 BC, V3_1",
        "3B 8F 80 01 80 31 B8 65 B0 85 05 00 11 12 24 60 82 90 00 07, V4_0"
    })
    void recognisesEveryGeneration(String atr, FineidVersion expected) {
        assertThat(FineidVersion.fromAtr(Hex.decode(atr))).isEqualTo(expected);
        assertThat(new FineidProfile().matchesAtr(Hex.decode(atr))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "3B 8F 80 01 80 31 80 65 B0 85 03 00 EF 12 0F FF 82 90 00 73",
        "3B 7F 96 00 00 80 31 80 65 B0 85 05 00 11 12 0F FF 82 90 00",
        "3B 7B 94 00 00 80 62 11 51 56 46 69 6E 45 49 44",
        "3B 8A 80 01 80 65 69 64 34 6A 54 45 53 54 4C",
        "3B 7F 96 00 00 80 31 B8 65 B0 85"
    })
    void leavesOtherCardsAlone(String atr) {
        // Luxembourg and Uruguay (MultiApp "80" family), FINEID v1/v2 (SetCOS), iso-test, a truncated ATR.
        assertThat(FineidVersion.fromAtr(Hex.decode(atr))).isNull();
    }
}

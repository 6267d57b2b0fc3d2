package io.github.eid4j.apdu.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The reader features eid4j finds in answers to GET_FEATURE_REQUEST (PC/SC part 10). */
class ReaderFeaturesTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /**
     * A PIN pad reader on pcsc-lite's CCID driver: each feature's code is SCARD_CTL_CODE(0x330000 +
     * tag), 0x4233xxxx; a contactless PACE reader adds EXECUTE_PACE (0x20). Tags eid4j does not use
     * (0x13, FEATURE_CCID_ESC_COMMAND) are skipped.
     */
    @Test
    void aPinPadReaderOnTheCcidDriver() {
        ReaderFeatures f = ReaderFeatures.parse(hex("06 04 42330006  07 04 42330007  0A 04 4233000A  12 04 42330012  13 04 42330013"));
        assertThat(f.hasPinPad()).isTrue();
        assertThat(f.controlCode(ReaderFeature.VERIFY_PIN_DIRECT)).hasValue(0x42330006);
        assertThat(f.controlCode(ReaderFeature.MODIFY_PIN_DIRECT)).hasValue(0x42330007);
        assertThat(f.controlCode(ReaderFeature.GET_TLV_PROPERTIES)).hasValue(0x42330012);
        assertThat(f.has(ReaderFeature.EXECUTE_PACE)).isFalse();

        ReaderFeatures pace = ReaderFeatures.parse(hex("06 04 42330006  07 04 42330007  20 04 42330020"));
        assertThat(pace.controlCode(ReaderFeature.EXECUTE_PACE)).hasValue(0x42330020);
    }

    @Test
    void aPlainReaderHasNone() {
        assertThat(ReaderFeatures.parse(new byte[0])).isSameAs(ReaderFeatures.NONE);
        assertThat(ReaderFeatures.NONE.hasPinPad()).isFalse();
        // Only features eid4j does not use (FEATURE_CCID_ESC_COMMAND)
        assertThat(ReaderFeatures.parse(hex("13 04 42330013")).hasPinPad()).isFalse();
    }

    /** An answer that is not a TLV list is no feature, never a code read from garbage. */
    @Test
    void aMalformedAnswerIsNoFeature() {
        assertThat(ReaderFeatures.parse(hex("06 04 4233"))).isSameAs(ReaderFeatures.NONE);
        assertThat(ReaderFeatures.parse(hex("06"))).isSameAs(ReaderFeatures.NONE);
        // A feature with a length other than 4 is skipped by its length; the next one is still read.
        assertThat(ReaderFeatures.parse(hex("06 02 4233  07 04 42330007")).hasPinPad()).isFalse();
        assertThat(ReaderFeatures.parse(hex("06 02 4233  07 04 42330007")).has(ReaderFeature.MODIFY_PIN_DIRECT)).isTrue();
    }

    /** SCARD_CTL_CODE(3400) on each platform. */
    @Test
    void getFeatureRequestsControlCode() {
        assertThat(ReaderFeatures.getFeatureRequest(false)).isEqualTo(0x42000D48);
        assertThat(ReaderFeatures.getFeatureRequest(true)).isEqualTo(0x00313520);
    }
}

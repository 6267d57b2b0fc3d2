package io.github.eid4j.apdu.pace;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * EF.CardAccess as any card may hand it out: a list of PACEInfos, or one sentence
 * ({@link CardAccessFormatException}), never another exception.
 */
class CardAccessFuzzTest {

    @FuzzTest
    void parse(FuzzedDataProvider data) {
        byte[] file = data.consumeRemainingAsBytes();
        List<PaceInfo> infos;
        try {
            infos = CardAccess.parse(file);
        } catch (CardAccessFormatException refused) {
            assertThat(refused.getMessage()).startsWith("EF.CardAccess ").endsWith(".").doesNotContain("\n");
            return;
        }
        for (PaceInfo info : infos) {
            assertThat(info.version()).isNotNegative();
            assertThat(info.toString()).startsWith("PACEInfo");
        }
        CardAccess.preferred(infos).ifPresent(p -> assertThat(p.isSupported()).isTrue());
    }
}

package io.github.eid4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The APDU table ./bench prints: the counts it shows are the driver's, at the minima of issue 11 where eid4j reaches them. */
class ApduCountsTest {

    @Test
    void aSecondStartReadsNoCertificateAndSignaturesCostWhatOtherMiddlewareSpends() throws Exception {
        List<ApduCounts.Row> rows = ApduCounts.measure();
        for (String card : List.of("fineid-v3", "fineid-v4")) {
            List<ApduCounts.Row> of = rows.stream().filter(r -> r.card().equals(card)).toList();
            assertThat(of.get(0).secondStart()).as(card + " open, second start: SELECT AID, SELECT EF, READ BINARY").isEqualTo(3);
            assertThat(of.get(0).firstStart()).as(card + " open, first start").isGreaterThan(3);
            assertThat(of.get(1).firstStart()).as("PIN tries").isEqualTo(1);
            assertThat(of.get(2).secondStart()).as("signature certificate from the cache").isZero();
            assertThat(of.get(3).firstStart()).as("authentication signature").isEqualTo(4);
            assertThat(of.get(4).firstStart()).as("qualified signature: its PIN's state, then the minimum").isEqualTo(5);
        }
    }

    @Test
    void aLuxembourgCardOpensWithPaceAndOneCertificateReadAndLeavesTheRestToTheCache() throws Exception {
        List<ApduCounts.Row> lux = ApduCounts.measure().stream().filter(r -> r.card().equals("luxembourg")).toList();
        int pace = 6; // READ BINARY of EF.CardAccess, MSE:Set AT, four GENERAL AUTHENTICATE
        assertThat(lux.get(0).secondStart()).as("open, second start: PACE, SELECT AID, SELECT EF, READ BINARY").isEqualTo(pace + 3);
        assertThat(lux.get(0).firstStart()).as("open, first start: the authentication certificate only").isGreaterThan(pace + 3)
                .isLessThan(lux.get(0).secondStart() + lux.get(2).firstStart());
        assertThat(lux.get(2).secondStart()).as("signature certificate from the cache").isZero();
        assertThat(lux.get(3).firstStart()).as("authentication signature, as on FINEID").isEqualTo(4);
        assertThat(lux.get(4).firstStart()).as("qualified signature: the PIN again, as for every use of that key").isEqualTo(4);
    }
}

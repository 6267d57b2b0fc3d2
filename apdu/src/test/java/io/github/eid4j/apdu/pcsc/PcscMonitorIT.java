package io.github.eid4j.apdu.pcsc;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.PORT_1;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static io.github.eid4j.testing.Pcscd.READER_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.apdu.pcsc.PcscEvent.CardInserted;
import io.github.eid4j.apdu.pcsc.PcscEvent.CardRemoved;
import io.github.eid4j.apdu.pcsc.PcscEvent.ReaderAttached;
import io.github.eid4j.apdu.vpcd.TestCard;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link PcscMonitor} against real pcscd: cards come and go as {@link VpcdBridge}s connect and close. */
@Timeout(60)
class PcscMonitorIT extends PcscdTest {
    private final BlockingQueue<PcscEvent> events = new LinkedBlockingQueue<>();

    /** The next event that matches, skipping others; fails after 10 s. */
    private PcscEvent await(Predicate<PcscEvent> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Pcscd.WAIT.toNanos();
        List<PcscEvent> skipped = new ArrayList<>();
        while (true) {
            PcscEvent e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("No " + what + " within " + Pcscd.WAIT.toSeconds() + " s; other events: " + skipped);
            }
            if (wanted.test(e)) {
                return e;
            }
            skipped.add(e);
        }
    }

    @Test
    void reportsRemovalAndReinsertion() throws Exception {
        PcscMonitor monitor = closing(PcscMonitor.start(Duration.ofMillis(100), events::add));
        await(e -> e.equals(new ReaderAttached(READER_0)), "ReaderAttached for " + READER_0);
        await(e -> e.equals(new ReaderAttached(READER_1)), "ReaderAttached for " + READER_1);
        assertThat(monitor.isServiceAvailable()).isTrue();

        VpcdBridge bridge = VpcdBridge.start(new TestCard(), PORT_0);
        assertThat(await(e -> e instanceof CardInserted && e.reader().equals(READER_0), "CardInserted"))
                .isEqualTo(new CardInserted(READER_0, TestCard.ATR));

        bridge.close(); // to pcscd, the card is pulled out
        assertThat(await(e -> e.reader().equals(READER_0), "an event for " + READER_0))
                .isEqualTo(new CardRemoved(READER_0));

        closing(VpcdBridge.start(new TestCard(), PORT_0));
        assertThat(await(e -> e.reader().equals(READER_0), "an event for " + READER_0))
                .isEqualTo(new CardInserted(READER_0, TestCard.ATR));
        assertThat(monitor.readers()).filteredOn(r -> r.name().equals(READER_0)).singleElement()
                .satisfies(r -> assertThat(r.atr()).isEqualTo(TestCard.ATR));
    }

    @Test
    void cardsInBothReadersAreReportedEachInItsOwn() throws Exception {
        byte[] otherAtr = TestCard.atr("eid4j-two");
        closing(VpcdBridge.start(new TestCard(), PORT_0));
        closing(VpcdBridge.start(new TestCard(otherAtr), PORT_1));
        Pcscd.awaitReader(READER_0, PcscReader::cardPresent, "a card");
        Pcscd.awaitReader(READER_1, PcscReader::cardPresent, "a card");

        // Cards already there when the monitor starts are reported as inserted.
        closing(PcscMonitor.start(Duration.ofMillis(100), events::add));
        assertThat(await(e -> e instanceof CardInserted && e.reader().equals(READER_0), "CardInserted in " + READER_0))
                .isEqualTo(new CardInserted(READER_0, TestCard.ATR));
        assertThat(await(e -> e instanceof CardInserted && e.reader().equals(READER_1), "CardInserted in " + READER_1))
                .isEqualTo(new CardInserted(READER_1, otherAtr));
    }

    @Test
    void closeStopsTheMonitorPromptly() throws Exception {
        PcscMonitor monitor = PcscMonitor.start(Duration.ofSeconds(5), events::add);
        await(e -> e instanceof ReaderAttached, "ReaderAttached");
        long start = System.nanoTime();
        monitor.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(monitor.isRunning()).isFalse();
    }
}

package io.github.eid4j.apdu.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.pcsc.PcscEvent.CardInserted;
import io.github.eid4j.apdu.pcsc.PcscEvent.CardRemoved;
import io.github.eid4j.apdu.pcsc.PcscEvent.ReaderAttached;
import io.github.eid4j.apdu.pcsc.PcscEvent.ReaderDetached;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link PcscMonitor} against a fake PC/SC service: no pcscd needed. */
@Timeout(30)
class PcscMonitorTest {
    private static final byte[] ATR_A = {0x3B, 0x01};
    private static final byte[] ATR_B = {0x3B, 0x02};

    private final FakeService service = new FakeService();
    private final BlockingQueue<PcscEvent> events = new LinkedBlockingQueue<>();
    private PcscMonitor monitor;

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private void start() {
        monitor = PcscMonitor.start(service, Duration.ofMillis(10), events::add);
    }

    private PcscEvent next() throws InterruptedException {
        PcscEvent e = events.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("an event within 5 s").isNotNull();
        return e;
    }

    private void assertQuiet() throws InterruptedException {
        assertThat(events.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void theFirstPollReportsWhatIsThere() throws Exception {
        service.reader("R0", ATR_A, 1);
        service.reader("R1", null, 0);
        start();
        assertThat(next()).isEqualTo(new ReaderAttached("R0"));
        assertThat(next()).isEqualTo(new CardInserted("R0", ATR_A));
        assertThat(next()).isEqualTo(new ReaderAttached("R1"));
        assertQuiet();
        assertThat(monitor.isServiceAvailable()).isTrue();
        assertThat(monitor.readers()).extracting(PcscReader::name).containsExactly("R0", "R1");
    }

    @Test
    void insertionsRemovalsAndReaders() throws Exception {
        service.reader("R0", null, 0);
        start();
        assertThat(next()).isEqualTo(new ReaderAttached("R0"));

        service.reader("R0", ATR_A, 1);
        assertThat(next()).isEqualTo(new CardInserted("R0", ATR_A));
        service.reader("R0", null, 2);
        assertThat(next()).isEqualTo(new CardRemoved("R0"));

        service.reader("R1", ATR_B, 1);
        assertThat(next()).isEqualTo(new ReaderAttached("R1"));
        assertThat(next()).isEqualTo(new CardInserted("R1", ATR_B));
        service.unplug("R1");
        assertThat(next()).isEqualTo(new CardRemoved("R1"));
        assertThat(next()).isEqualTo(new ReaderDetached("R1"));
        assertQuiet();
    }

    @Test
    void aCardSwappedBetweenTwoPollsIsReportedRemovedAndInserted() throws Exception {
        service.reader("R0", ATR_A, 1);
        start();
        assertThat(next()).isEqualTo(new ReaderAttached("R0"));
        assertThat(next()).isEqualTo(new CardInserted("R0", ATR_A));

        service.reader("R0", ATR_A, 3); // same card out and in again: only the counter tells
        assertThat(next()).isEqualTo(new CardRemoved("R0"));
        assertThat(next()).isEqualTo(new CardInserted("R0", ATR_A));

        service.reader("R0", ATR_B, 3); // another card, no counter (some services keep none)
        assertThat(next()).isEqualTo(new CardRemoved("R0"));
        assertThat(next()).isEqualTo(new CardInserted("R0", ATR_B));
        assertQuiet();
    }

    @Test
    void survivesTheServiceGoingAwayAndComingBack() throws Exception {
        service.reader("R0", ATR_A, 1);
        start();
        assertThat(next()).isEqualTo(new ReaderAttached("R0"));
        assertThat(next()).isEqualTo(new CardInserted("R0", ATR_A));
        int opened = service.opened.get();

        service.running = false;
        assertThat(next()).isEqualTo(new CardRemoved("R0"));
        assertThat(next()).isEqualTo(new ReaderDetached("R0"));
        assertThat(monitor.isServiceAvailable()).isFalse();
        assertThat(monitor.readers()).isEmpty();
        assertQuiet();

        service.running = true;
        service.reader("R0", ATR_A, 1); // a new service starts counting anew
        assertThat(next()).isEqualTo(new ReaderAttached("R0"));
        assertThat(next()).isEqualTo(new CardInserted("R0", ATR_A));
        assertThat(monitor.isServiceAvailable()).isTrue();
        assertThat(service.opened.get()).as("a new context").isGreaterThan(opened);
        assertThat(service.open).as("stale contexts released").hasValue(1);
        assertQuiet();
    }

    @Test
    void aStaleContextIsReplacedWithoutReportingAnything() throws Exception {
        service.reader("R0", ATR_A, 1);
        start();
        next();
        next();
        service.invalidateContexts(); // the old context fails, a new one works at once
        assertQuiet();
        assertThat(service.opened.get()).isGreaterThan(1);
    }

    @Test
    void aFailingListenerDoesNotStopTheMonitor() throws Exception {
        service.reader("R0", null, 0);
        AtomicInteger calls = new AtomicInteger();
        monitor = PcscMonitor.start(service, Duration.ofMillis(10), e -> {
            calls.incrementAndGet();
            events.add(e);
            throw new IllegalStateException("listener bug");
        });
        assertThat(next()).isEqualTo(new ReaderAttached("R0"));
        service.reader("R0", ATR_A, 1);
        assertThat(next()).isEqualTo(new CardInserted("R0", ATR_A));
        assertThat(monitor.isRunning()).isTrue();
    }

    /** What a caller relies on to show the readers already there: they are reported when the wait ends. */
    @Test
    void awaitFirstPollEndsAfterTheListenerHeardWhatIsThere() throws Exception {
        service.reader("R0", ATR_A, 1);
        List<PcscEvent> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        monitor = PcscMonitor.start(service, Duration.ofSeconds(30), e -> {
            try {
                Thread.sleep(50); // a slow listener: the wait must cover it
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            heard.add(e);
        });
        assertThat(monitor.awaitFirstPoll(Duration.ofSeconds(5))).isTrue();
        assertThat(heard).containsExactly(new ReaderAttached("R0"), new CardInserted("R0", ATR_A));
    }

    @Test
    void awaitFirstPollEndsAlsoWhenTheServiceIsDown() throws Exception {
        service.running = false;
        monitor = PcscMonitor.start(service, Duration.ofSeconds(30), events::add);
        assertThat(monitor.awaitFirstPoll(Duration.ofSeconds(5))).isTrue();
        assertThat(monitor.isServiceAvailable()).isFalse();
    }

    @Test
    void closeStopsPromptlyAndReleasesTheContext() throws Exception {
        service.reader("R0", null, 0);
        monitor = PcscMonitor.start(service, Duration.ofSeconds(30), events::add);
        next();
        long start = System.nanoTime();
        monitor.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(monitor.isRunning()).isFalse();
        assertThat(service.open).hasValue(0);
    }

    /** A PC/SC service whose readers the test sets. */
    private static final class FakeService implements StatusSource {
        final Map<String, ReaderStatus> readers = new LinkedHashMap<>();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        volatile boolean running = true;
        volatile int generation;

        synchronized void reader(String name, byte[] atr, int events) {
            int state = (events << 16) | (atr == null ? ReaderStatus.SCARD_STATE_EMPTY : ReaderStatus.SCARD_STATE_PRESENT);
            readers.put(name, new ReaderStatus(name, state, atr));
        }

        synchronized void unplug(String name) {
            readers.remove(name);
        }

        void invalidateContexts() {
            generation++;
        }

        @Override
        public Session open() throws PcscException {
            if (!running) {
                throw new PcscException(PcscFailure.SERVICE_NOT_RUNNING, null, ScardCodes.SCARD_E_NO_SERVICE, null);
            }
            opened.incrementAndGet();
            open.incrementAndGet();
            int born = generation;
            return new Session() {
                boolean closed;

                @Override
                public List<ReaderStatus> readers() throws PcscException {
                    if (!running || born != generation) {
                        throw new PcscException(PcscFailure.SERVICE_NOT_RUNNING, null, ScardCodes.SCARD_E_NO_SERVICE, null);
                    }
                    synchronized (FakeService.this) {
                        return new ArrayList<>(FakeService.this.readers.values());
                    }
                }

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        open.decrementAndGet();
                    }
                }
            };
        }
    }
}

package io.github.eid4j.apdu.pcsc;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the readers of the PC/SC service by polling their state (by default every 250 ms)
 * and tells a listener about readers attached and detached and cards inserted and removed.
 *
 * <p>Polling, not a blocking SCardGetStatusChange: a blocking wait misses changes that happen
 * between two waits, and a thread blocked in it cannot be stopped cleanly. A poll reads the
 * states without waiting and does not connect to any card, so it never disturbs other programs.
 *
 * <p>It survives a restart of the service: when a poll fails, the monitor releases its context
 * and establishes a new one; while that fails, every reader counts as detached (its card
 * removed), and when the service is back its readers are attached again.
 *
 * <p>The first poll reports what is there already: a {@link PcscEvent.ReaderAttached} for each
 * reader and a {@link PcscEvent.CardInserted} for each card. The listener runs on the
 * monitor's daemon thread, one event at a time, in order; it should return quickly. An
 * exception it throws is logged and does not stop the monitor.
 */
public final class PcscMonitor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PcscMonitor.class.getName());

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);

    private final StatusSource source;
    private final long intervalNanos;
    private final Consumer<? super PcscEvent> listener;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch firstRound = new CountDownLatch(1);
    private final Thread thread;

    /** Touched only on the monitor thread. */
    private final Map<String, Known> known = new LinkedHashMap<>();
    private StatusSource.Session session;
    private boolean freshSession;
    private PcscFailure lastFailure;

    private volatile boolean serviceAvailable;
    private volatile List<PcscReader> readers = List.of();

    private PcscMonitor(StatusSource source, Duration interval, Consumer<? super PcscEvent> listener) {
        this.source = Objects.requireNonNull(source, "source");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("The polling interval must be positive, not " + interval + ".");
        }
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::run, "eid4j-pcsc-monitor");
        thread.setDaemon(true);
    }

    /** Starts a monitor that polls every {@link #DEFAULT_INTERVAL}. */
    public static PcscMonitor start(Consumer<? super PcscEvent> listener) {
        return start(DEFAULT_INTERVAL, listener);
    }

    /** Starts a monitor that polls at the given interval. */
    public static PcscMonitor start(Duration interval, Consumer<? super PcscEvent> listener) {
        return start(new LazySource(), interval, listener);
    }

    static PcscMonitor start(StatusSource source, Duration interval, Consumer<? super PcscEvent> listener) {
        PcscMonitor monitor = new PcscMonitor(source, interval, listener);
        monitor.thread.start();
        return monitor;
    }

    /** Whether the last poll reached the PC/SC service. */
    public boolean isServiceAvailable() {
        return serviceAvailable;
    }

    /** The readers as the last poll saw them (empty while the service is down). */
    public List<PcscReader> readers() {
        return readers;
    }

    /**
     * Waits until the listener has heard the first poll's events, so that a caller can show the
     * readers that were already there before it goes on.
     *
     * @return false if the first poll did not end within the timeout
     */
    public boolean awaitFirstPoll(Duration timeout) throws InterruptedException {
        return firstRound.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops polling and releases the PC/SC context; waits briefly for the monitor thread to end. */
    @Override
    public void close() {
        stop.countDown();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (stop.getCount() > 0) {
                try {
                    poll();
                } catch (RuntimeException e) {
                    // A fault in the PC/SC library's answers must not end hot-plug for the life of the process.
                    LOG.log(Level.WARNING, "Reading the card readers failed; trying again at the next poll.", e);
                    closeSession();
                }
                firstRound.countDown();
                if (stop.await(intervalNanos, TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            firstRound.countDown();
            closeSession();
        }
    }

    /** One round: read the states, compare, report. */
    void poll() {
        List<ReaderStatus> now;
        try {
            now = read();
        } catch (PcscException first) {
            // A context can go stale (the service restarted) while the service is fine: try a new one at once.
            closeSession();
            try {
                now = read();
            } catch (PcscException second) {
                closeSession();
                serviceDown(second);
                return;
            }
        }
        if (!serviceAvailable && lastFailure != null) {
            LOG.log(Level.INFO, "The PC/SC service is available again.");
        }
        serviceAvailable = true;
        lastFailure = null;
        update(now);
    }

    private List<ReaderStatus> read() throws PcscException {
        if (session == null) {
            session = source.open();
            freshSession = true;
        }
        try {
            return session.readers();
        } catch (PcscException e) {
            if (e.failure() == PcscFailure.NO_READER) {
                return List.of();
            }
            throw e;
        }
    }

    private void serviceDown(PcscException e) {
        if (lastFailure != e.failure()) {
            LOG.log(Level.INFO, "Cannot read the card readers: {0}", e.getMessage());
            lastFailure = e.failure();
        }
        serviceAvailable = false;
        update(List.of());
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private void update(List<ReaderStatus> now) {
        Map<String, ReaderStatus> current = new LinkedHashMap<>();
        for (ReaderStatus s : now) {
            if (s.exists()) {
                current.put(s.name(), s);
            }
        }
        List<PcscEvent> events = new ArrayList<>();
        for (Map.Entry<String, Known> e : new ArrayList<>(known.entrySet())) {
            if (!current.containsKey(e.getKey())) {
                if (e.getValue().present) {
                    events.add(new PcscEvent.CardRemoved(e.getKey()));
                }
                events.add(new PcscEvent.ReaderDetached(e.getKey()));
                known.remove(e.getKey());
            }
        }
        for (ReaderStatus s : current.values()) {
            Known before = known.get(s.name());
            Known after = new Known(s.cardPresent(), s.atr(), s.eventCount());
            if (before == null) {
                events.add(new PcscEvent.ReaderAttached(s.name()));
                if (after.present) {
                    events.add(new PcscEvent.CardInserted(s.name(), after.atr));
                }
            } else if (before.present && !after.present) {
                events.add(new PcscEvent.CardRemoved(s.name()));
            } else if (!before.present && after.present) {
                events.add(new PcscEvent.CardInserted(s.name(), after.atr));
            } else if (before.present && (swapped(before, after) || !Arrays.equals(before.atr, after.atr))) {
                // Removed and inserted again between two polls: the event counter or the ATR tells.
                events.add(new PcscEvent.CardRemoved(s.name()));
                events.add(new PcscEvent.CardInserted(s.name(), after.atr));
            }
            known.put(s.name(), after);
        }
        freshSession = false;
        List<PcscReader> snapshot = new ArrayList<>(current.size());
        for (ReaderStatus s : current.values()) {
            snapshot.add(new PcscReader(snapshot.size(), s.name(), s.cardPresent(), s.atr()));
        }
        readers = Collections.unmodifiableList(snapshot);
        for (PcscEvent event : events) {
            LOG.log(Level.DEBUG, "{0}", event);
            try {
                listener.accept(event);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "A PC/SC monitor listener failed on " + event, ex);
            }
        }
    }

    /** True if the service counted card events between two polls that both saw a card. */
    private boolean swapped(Known before, Known after) {
        // Counters of different contexts (the service restarted in between) cannot be compared.
        return !freshSession && before.events != 0 && after.events != 0 && before.events != after.events;
    }

    private static final class Known {
        final boolean present;
        final byte[] atr;
        final int events;

        Known(boolean present, byte[] atr, int events) {
            this.present = present;
            this.atr = atr;
            this.events = events;
        }
    }

    /** The system's PC/SC library, loaded when first needed (a missing library counts as the service being down). */
    private static final class LazySource implements StatusSource {
        @Override
        public Session open() throws PcscException {
            return WinscardStatus.get().open();
        }
    }
}

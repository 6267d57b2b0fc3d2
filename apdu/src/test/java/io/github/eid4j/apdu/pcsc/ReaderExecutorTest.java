package io.github.eid4j.apdu.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReaderExecutorTest {

    @Test
    void callsFromManyThreadsRunOneAfterTheOtherOnTheReaderThread() throws Exception {
        try (ReaderExecutor reader = new ReaderExecutor("Reader A")) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            List<String> threadNames = Collections.synchronizedList(new ArrayList<>());
            ExecutorService callers = Executors.newFixedThreadPool(8);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i;
                results.add(callers.submit(() -> reader.call(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    threadNames.add(Thread.currentThread().getName());
                    Thread.onSpinWait();
                    running.decrementAndGet();
                    return n;
                })));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i);
            }
            callers.shutdown();
            assertThat(maxRunning).hasValue(1);
            assertThat(threadNames).containsOnly("eid4j-pcsc Reader A");
        }
    }

    @Test
    void exceptionsArriveAsPcscExceptions() throws Exception {
        try (ReaderExecutor reader = new ReaderExecutor("R")) {
            assertThatThrownBy(() -> reader.call(() -> {
                throw new PcscException(PcscFailure.CARD_REMOVED, "R");
            })).isInstanceOfSatisfying(PcscException.class, e -> {
                assertThat(e.failure()).isEqualTo(PcscFailure.CARD_REMOVED);
                assertThat(e.getMessage()).isEqualTo("The card was removed from reader 'R'.");
            });
            assertThatThrownBy(() -> reader.call(() -> {
                throw new IllegalStateException("bug");
            })).isInstanceOfSatisfying(PcscException.class, e -> assertThat(e.failure()).isEqualTo(PcscFailure.OTHER));
        }
    }

    @Test
    void aCallOnTheReaderThreadRunsAtOnce() throws Exception {
        try (ReaderExecutor reader = new ReaderExecutor("R")) {
            assertThat(reader.call(() -> reader.call(() -> reader.isReaderThread()))).isTrue();
            assertThat(reader.isReaderThread()).isFalse();
        }
    }

    @Test
    void closeFreesTheWaitingCallersAtOnceAndReleasesOnceTheRunningCallEnds() throws Exception {
        ReaderExecutor reader = new ReaderExecutor("R");
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.set(reader.call(() -> {
                    thread.set(Thread.currentThread());
                    awaitQuietly(release);
                    return "answered";
                }));
            } catch (PcscException e) {
                outcome.set(e.failure());
            }
        });
        caller.start();
        while (thread.get() == null) {
            Thread.sleep(1);
        }
        AtomicInteger last = new AtomicInteger();
        assertThat(reader.close(last::incrementAndGet)).as("a call was running").isFalse();
        assertThat(reader.isClosed()).isTrue();
        caller.join(2000);
        assertThat(outcome.get()).as("the caller stopped waiting when the reader closed").isEqualTo(PcscFailure.CLOSED);
        assertThatThrownBy(() -> reader.call(() -> 1)).isInstanceOfSatisfying(PcscException.class,
                e -> assertThat(e.failure()).isEqualTo(PcscFailure.CLOSED));
        assertThat(last).as("the release waits for the call still running").hasValue(0);
        release.countDown();
        assertThat(reader.awaitTermination(5000)).isTrue();
        assertThat(last).hasValue(1);
        // The executor reports termination just before its worker thread has returned.
        thread.get().join(5000);
        assertThat(thread.get().isAlive()).isFalse();
        assertThat(thread.get().isDaemon()).isTrue();
    }

    @Test
    void aCallerWhoseTimeLimitPassesStopsWaitingAndLaterCallsQueueBehindTheStuckOne() throws Exception {
        try (ReaderExecutor reader = new ReaderExecutor("R")) {
            CountDownLatch release = new CountDownLatch(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> reader.call(() -> {
                awaitQuietly(release);
                return null;
            }, Duration.ofMillis(200))).isInstanceOfSatisfying(PcscException.class, e -> {
                assertThat(e.failure()).isEqualTo(PcscFailure.NO_ANSWER);
                assertThat(e.getMessage()).isEqualTo("The card in reader 'R' did not answer within 200 ms; remove it and insert it again.");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThatThrownBy(() -> reader.call(() -> 1, Duration.ofMillis(100))).isInstanceOfSatisfying(PcscException.class,
                    e -> assertThat(e.failure()).isEqualTo(PcscFailure.NO_ANSWER));
            release.countDown();
            assertThat(reader.call(() -> 42, Duration.ofSeconds(5))).isEqualTo(42);
        }
    }

    @Test
    void anInterruptedCallerStopsWaitingAndKeepsItsInterruptFlag() throws Exception {
        try (ReaderExecutor reader = new ReaderExecutor("R")) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    reader.call(() -> {
                        started.countDown();
                        awaitQuietly(release);
                        return null;
                    });
                    outcome.set("returned");
                } catch (PcscException e) {
                    outcome.set(e.failure() + " " + Thread.currentThread().isInterrupted());
                }
            });
            caller.start();
            started.await();
            caller.interrupt();
            caller.join(5000);
            assertThat(outcome.get()).isEqualTo("INTERRUPTED true");
            release.countDown();
            // The reader thread is free again for the next call.
            assertThat(reader.call(() -> 42)).isEqualTo(42);
        }
    }

    /** Waits for the latch, at most 10 s, ignoring interrupts (as a native PC/SC call would). */
    private static void awaitQuietly(CountDownLatch latch) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (latch.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                latch.await(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // keep waiting
            }
        }
    }
}

package io.github.eid4j.apdu.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One daemon thread that talks to one card, one call after the other, whichever thread asks,
 * with a limit on how long a caller waits. A card that stopped answering cannot be stopped
 * (nor can a native PC/SC call), so the limit frees the caller, not the thread: the call runs to
 * its end on the card thread, and later calls queue behind it.
 *
 * <p>{@link #close(Runnable)} frees every waiting caller at once and queues the release of the
 * card behind whatever still runs, so closing never waits for a card that hangs.
 */
public final class CardThread {

    /** Why a call gave no result. */
    public enum Failure {
        /** The card thread was closed before the call ended. */
        CLOSED,
        /** The waiting thread was interrupted. */
        INTERRUPTED,
        /** The time limit passed: the card did not answer. */
        NO_ANSWER
    }

    /** Work to run on the card thread. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T run() throws E;
    }

    /** The exception a caller gets for a {@link Failure}, in the vocabulary of its transport. */
    @FunctionalInterface
    public interface Failures<E extends Exception> {
        E of(Failure failure, Throwable cause);
    }

    private final ThreadPoolExecutor executor;
    private final Set<Future<?>> waiting = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;
    private volatile boolean running;

    public CardThread(String threadName) {
        Objects.requireNonNull(threadName, "threadName");
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** True on the card thread itself. */
    public boolean isCardThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs the call on the card thread and waits for its result, at most {@code limit} (null:
     * no limit); on the card thread itself it runs at once. What the call throws arrives as it
     * is; a call that gives no result throws what {@code failures} makes of the reason. A caller
     * that stops waiting leaves a call that has not started yet unrun.
     */
    public <T, E extends Exception> T call(Call<T, E> call, Duration limit, Failures<E> failures) throws E {
        if (isCardThread()) {
            return call.run();
        }
        Future<T> future;
        try {
            future = executor.submit(() -> {
                running = true;
                try {
                    return call.run();
                } finally {
                    running = false;
                }
            });
        } catch (RejectedExecutionException e) {
            throw failures.of(Failure.CLOSED, e);
        }
        waiting.add(future);
        try {
            return limit == null ? future.get() : future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw failures.of(Failure.NO_ANSWER, null);
        } catch (CancellationException e) {
            throw failures.of(Failure.CLOSED, e);
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw failures.of(Failure.INTERRUPTED, e);
        } catch (ExecutionException e) {
            throw this.<E>rethrow(e.getCause());
        } finally {
            waiting.remove(future);
        }
    }

    /** The call's own exception: its type E, or unchecked. */
    @SuppressWarnings("unchecked")
    private <E extends Exception> E rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return (E) cause;
    }

    /**
     * Takes no more calls, frees every caller still waiting (they get {@link Failure#CLOSED}),
     * and runs {@code last} on the card thread once the call running now, if any, has ended;
     * then the thread ends. Does not wait; on the card thread itself {@code last} runs at once.
     *
     * @return true if no call was running, so that {@code last} runs at once
     */
    public boolean close(Runnable last) {
        boolean idle = !running;
        for (Future<?> f : waiting) {
            f.cancel(false);
        }
        if (isCardThread()) {
            try {
                last.run();
            } finally {
                executor.shutdown();
            }
            return true;
        }
        try {
            executor.execute(last);
        } catch (RejectedExecutionException e) {
            // Already closed: what was to be released has been.
        }
        executor.shutdown();
        return idle;
    }

    /** Waits up to {@code timeout} for the thread to end after {@link #close(Runnable)}; true if it did. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean isClosed() {
        return executor.isShutdown();
    }
}

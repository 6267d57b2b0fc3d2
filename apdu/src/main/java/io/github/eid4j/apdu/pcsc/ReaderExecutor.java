package io.github.eid4j.apdu.pcsc;

import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that runs every PC/SC call of one reader connection, one after the other,
 * whichever thread asks. The PC/SC handle then lives on one thread, as some PC/SC
 * implementations want, and callers from many threads cannot interleave their commands.
 *
 * <p>Calls have no timeout: a PIN pad waits minutes for the user. A caller that is interrupted
 * while it waits gets {@link PcscFailure#INTERRUPTED}; a call that had not started yet is
 * dropped, one that had started runs to its end on the reader thread (a native PC/SC call
 * cannot be stopped), and later calls queue behind it.
 *
 * <p>The thread is named after the reader and ends when the executor is closed and the
 * calls queued before closing have run.
 */
public final class ReaderExecutor implements AutoCloseable {

    /** A PC/SC call to run on the reader thread. */
    @FunctionalInterface
    public interface ReaderCall<T> {
        T run() throws PcscException;
    }

    private final String readerName;
    private final ThreadPoolExecutor executor;
    private volatile Thread thread;

    public ReaderExecutor(String readerName) {
        this.readerName = Objects.requireNonNull(readerName, "readerName");
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "eid4j-pcsc " + readerName);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    public String readerName() {
        return readerName;
    }

    /** True on the reader thread itself. */
    public boolean isReaderThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs the call on the reader thread and waits for its result; on the reader thread itself
     * it runs at once.
     *
     * @throws PcscException what the call threw; {@link PcscFailure#OTHER} for an unchecked
     *     exception, {@link PcscFailure#CLOSED} after {@link #close()},
     *     {@link PcscFailure#INTERRUPTED} if the waiting thread is interrupted
     */
    public <T> T call(ReaderCall<T> call) throws PcscException {
        if (isReaderThread()) {
            return runGuarded(call);
        }
        Future<T> future;
        try {
            future = executor.submit(() -> runGuarded(call));
        } catch (RejectedExecutionException e) {
            throw new PcscException(PcscFailure.CLOSED, readerName, 0, e);
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new PcscException(PcscFailure.INTERRUPTED, readerName, 0, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PcscException) {
                PcscException p = (PcscException) cause;
                // Rethrown as a new exception so that the stack trace shows the caller too.
                throw new PcscException(p.failure(), p.reader().orElse(null), p.code(), p.getMessage(), p);
            }
            throw ScardCodes.map(cause, readerName, ScardCodes.Phase.SESSION);
        }
    }

    private <T> T runGuarded(ReaderCall<T> call) throws PcscException {
        try {
            return call.run();
        } catch (PcscException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw ScardCodes.map(e, readerName, ScardCodes.Phase.SESSION);
        }
    }

    /**
     * Takes no more calls; the thread ends once the calls already queued have run. Does not
     * wait for them: use {@link #awaitTermination(long)} for that.
     */
    @Override
    public void close() {
        executor.shutdown();
    }

    /**
     * Queues {@code last} behind the calls already queued, then closes, without waiting: the
     * way to release a connection while a call may still be blocked in the reader. On the
     * reader thread itself, {@code last} runs at once.
     */
    public void close(Runnable last) {
        if (isReaderThread()) {
            try {
                last.run();
            } finally {
                executor.shutdown();
            }
            return;
        }
        try {
            executor.execute(last);
        } catch (RejectedExecutionException e) {
            // Already closed: what was to be released has been.
        }
        executor.shutdown();
    }

    /** Waits up to {@code millis} for the thread to end after {@link #close()}; true if it did. */
    public boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return executor.isShutdown();
    }
}

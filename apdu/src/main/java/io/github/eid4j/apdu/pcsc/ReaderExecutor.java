package io.github.eid4j.apdu.pcsc;

import io.github.eid4j.apdu.transport.CardThread;
import java.time.Duration;
import java.util.Objects;

/**
 * One daemon thread that runs every PC/SC call of one reader connection, one after the other,
 * whichever thread asks. The PC/SC handle then lives on one thread, as some PC/SC
 * implementations want, and callers from many threads cannot interleave their commands.
 *
 * <p>A call may have a time limit. A caller that is interrupted while it waits gets
 * {@link PcscFailure#INTERRUPTED}, one whose limit passes {@link PcscFailure#NO_ANSWER}; a call
 * that had not started yet is dropped, one that had started runs to its end on the reader thread
 * (a native PC/SC call cannot be stopped, SCardCancel stops only SCardGetStatusChange), and later
 * calls queue behind it. Closing frees the callers still waiting ({@link PcscFailure#CLOSED}).
 *
 * <p>The thread is named after the reader and ends when the executor is closed and the call
 * running then has ended.
 */
public final class ReaderExecutor implements AutoCloseable {

    /** A PC/SC call to run on the reader thread. */
    @FunctionalInterface
    public interface ReaderCall<T> {
        T run() throws PcscException;
    }

    private final String readerName;
    private final CardThread thread;

    public ReaderExecutor(String readerName) {
        this.readerName = Objects.requireNonNull(readerName, "readerName");
        this.thread = new CardThread("eid4j-pcsc " + readerName);
    }

    public String readerName() {
        return readerName;
    }

    /** True on the reader thread itself. */
    public boolean isReaderThread() {
        return thread.isCardThread();
    }

    /** {@link #call(ReaderCall, Duration)} without a time limit. */
    public <T> T call(ReaderCall<T> call) throws PcscException {
        return call(call, null);
    }

    /**
     * Runs the call on the reader thread and waits for its result, at most {@code limit} (null:
     * no limit); on the reader thread itself it runs at once.
     *
     * @throws PcscException what the call threw; {@link PcscFailure#OTHER} for an unchecked
     *     exception, {@link PcscFailure#CLOSED} after {@link #close()},
     *     {@link PcscFailure#INTERRUPTED} if the waiting thread is interrupted,
     *     {@link PcscFailure#NO_ANSWER} when the limit passed
     */
    public <T> T call(ReaderCall<T> call, Duration limit) throws PcscException {
        try {
            return thread.call(() -> runGuarded(call), limit, (failure, cause) -> failure(failure, limit, cause));
        } catch (PcscException p) {
            if (isReaderThread()) {
                throw p;
            }
            // Rethrown as a new exception so that the stack trace shows the caller too.
            throw new PcscException(p.failure(), p.reader().orElse(null), p.code(), p.getMessage(), p);
        }
    }

    private PcscException failure(CardThread.Failure failure, Duration limit, Throwable cause) {
        return switch (failure) {
            case CLOSED -> new PcscException(PcscFailure.CLOSED, readerName, 0, cause);
            case INTERRUPTED -> new PcscException(PcscFailure.INTERRUPTED, readerName, 0, cause);
            case NO_ANSWER -> PcscFailure.noAnswer(readerName, limit);
        };
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

    /** Takes no more calls and frees the callers still waiting. Does not wait for the thread. */
    @Override
    public void close() {
        close(() -> { });
    }

    /**
     * Takes no more calls, frees the callers still waiting, and runs {@code last} on the reader
     * thread once the call running now (if any) has ended: the way to release a connection while
     * a call may still be blocked in the reader. Does not wait; on the reader thread itself,
     * {@code last} runs at once.
     *
     * @return true if no call was running, so that {@code last} runs at once
     */
    public boolean close(Runnable last) {
        return thread.close(last);
    }

    /** Waits up to {@code millis} for the thread to end after {@link #close()}; true if it did. */
    public boolean awaitTermination(long millis) throws InterruptedException {
        return thread.awaitTermination(Duration.ofMillis(millis));
    }

    public boolean isClosed() {
        return thread.isClosed();
    }
}

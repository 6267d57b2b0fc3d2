package io.github.eid4j.testing;

import io.github.eid4j.apdu.transport.Icc;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A card that stops answering, as a broken chip or a reader that lost the card does: it answers
 * like the card it wraps until it is silenced (at once, or at the first command with a given
 * instruction byte), then holds every command without an answer. Served through vpcd the
 * connection stays open, so pcscd waits too. The held command gets its answer when the test
 * {@link #close() releases} the card, or when the thread serving it is interrupted (closing a
 * vpcd bridge does that).
 */
public final class SilentCard extends ForwardingIcc implements AutoCloseable {
    private static final byte[] SW_NO_PRECISE_DIAGNOSIS = {0x6F, 0x00};

    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);
    private volatile int silentAt = -1;
    private volatile boolean silent;

    public SilentCard(Icc card) {
        super(card);
    }

    /** Silent from now on. */
    public SilentCard silence() {
        silent = true;
        return this;
    }

    /** Silent from the first command with this instruction byte (INS) on, that command included. */
    public SilentCard silenceAt(int ins) {
        silentAt = ins;
        return this;
    }

    /** Waits until a command is being held; true if one is. */
    public boolean awaitHolding(Duration timeout) throws InterruptedException {
        return holding.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }


    @Override
    public byte[] process(byte[] command) {
        if (command.length >= 2 && (command[1] & 0xFF) == silentAt) {
            silent = true;
        }
        if (silent && released.getCount() > 0) {
            holding.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return SW_NO_PRECISE_DIAGNOSIS.clone();
            }
        }
        return card.process(command);
    }




    /** Answers again: the held command, and every later one, as the wrapped card does. */
    @Override
    public void close() {
        released.countDown();
    }
}

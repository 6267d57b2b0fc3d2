package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.SecretCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A transport to a card in the same process, with no reader in between: the card is powered on
 * when the transport opens and powered off when it closes, as a reader would do it.
 *
 * <p>The card works on a {@link CardThread} of its own, as a card in a reader does on its chip,
 * and a caller waits for each answer at most the time limit. A card that lets it pass is given
 * up ({@link NoAnswerException}, for this and every later command) and closed: it is powered off
 * once its command ends.
 */
public final class InProcessTransport implements DirectTransport {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final Icc card;
    private final String name;
    private final Duration timeLimit;
    private final Runnable afterPowerOff;
    private final CardThread thread;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile boolean silent;
    private volatile boolean mayHaveAuthenticated;

    /** A card named "virtual card", with the {@link CardTimeout#configured() configured} time limit. */
    public InProcessTransport(Icc card) {
        this(card, "virtual card", CardTimeout.configured(), () -> { });
    }

    /**
     * @param name what the card is called in a sentence, such as "virtual card 'demo'"
     * @param timeLimit how long a caller waits for each answer
     * @param afterPowerOff what to release once the card is powered off (its folder, say); runs
     *     on the card's thread, so never while the card still works on a command
     */
    public InProcessTransport(Icc card, String name, Duration timeLimit, Runnable afterPowerOff) {
        this.card = Objects.requireNonNull(card, "card");
        this.name = Objects.requireNonNull(name, "name");
        this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
        this.afterPowerOff = Objects.requireNonNull(afterPowerOff, "afterPowerOff");
        this.thread = new CardThread("eid4j-card " + name);
        card.powerOn();
    }

    @Override
    public byte[] atr() {
        return card.atr();
    }

    @Override
    public byte[] transmit(byte[] command) throws TransportException {
        if (silent) {
            throw noAnswer();
        }
        if (!open.get()) {
            throw closed();
        }
        if (SecretCommands.mayAuthenticate(command)) {
            mayHaveAuthenticated = true;
        }
        byte[] copy = command.clone();
        byte[] response = thread.call(() -> process(copy), timeLimit, (failure, cause) -> switch (failure) {
            case CLOSED -> closed();
            case INTERRUPTED -> new TransportException("The wait for the " + name + " was interrupted.", cause);
            case NO_ANSWER -> {
                silent = true;
                close();
                yield noAnswer();
            }
        });
        if (response == null || response.length < 2) {
            throw new TransportException("The card answered with " + (response == null ? 0 : response.length)
                    + " bytes, which is not a response APDU.");
        }
        return response;
    }

    /** Powering off at close ends a verification anyway. */
    @Override
    public boolean mayHaveAuthenticated() {
        return mayHaveAuthenticated;
    }

    private byte[] process(byte[] command) throws TransportException {
        try {
            return card.process(command);
        } catch (RuntimeException e) {
            // A real card cannot throw; a broken one falls silent, which is what the host sees.
            throw new TransportException("The card stopped answering (" + e.getClass().getSimpleName() + ").", e);
        } finally {
            SecretCommands.wipeIfSecret(command); // the card's own copy, as over a wire
        }
    }

    private static TransportException closed() {
        return new TransportException("The connection to the card is closed.");
    }

    private NoAnswerException noAnswer() {
        return new NoAnswerException("The " + name + " did not answer within " + CardTimeout.describe(timeLimit) + ".");
    }

    /**
     * Powers the card off and releases what the transport was given to release; waits for that
     * up to 2 seconds, and not at all while the card still works on a command (its caller stops
     * waiting at once). Closing twice does nothing.
     */
    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            boolean idle = thread.close(() -> {
                try {
                    card.powerOff();
                } finally {
                    afterPowerOff.run();
                }
            });
            if (idle && !thread.isCardThread()) {
                try {
                    thread.awaitTermination(CLOSE_WAIT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}

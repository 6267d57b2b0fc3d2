package io.github.eid4j.pkcs11;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardConnection;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.PcscConnection;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinPad;
import io.github.eid4j.card.PinStatus;
import io.github.eid4j.card.SignatureScheme;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A card the module has opened, with the lock that keeps one card operation at a time. Every
 * card exchange goes through the token model ({@link EidCard}); this class only says where the
 * card is, tells its reader when an exchange found the card gone or not answering, and turns the
 * model's errors into CKR_ values ({@link CkrException}).
 */
final class Card implements AutoCloseable {
    /** How long closing waits for an operation still at the card before it closes the connection under it. */
    private static final long CLOSE_WAIT_MILLIS = 1000;

    private final EidCard eid;
    private final CardConnection connection;
    private final String description;
    private final Consumer<CardAccessException> lost;
    private final ReentrantLock lock = new ReentrantLock();

    private Card(CardConnection connection, PinCallback canAnswers, String description, Consumer<CardAccessException> lost)
            throws EidException {
        this.eid = EidCards.open(connection, canAnswers);
        this.connection = connection;
        this.description = description;
        this.lost = lost;
    }

    /**
     * A virtual card from an eid4j home (null: the default one), in this process, each command
     * waiting for it at most {@code timeLimit}; a card behind PACE asks {@code canAnswers} for its
     * CAN unless one is remembered for it.
     */
    static Card openVirtual(String name, Path home, Duration timeLimit, PinCallback canAnswers) throws EidException {
        CardConnection connection = EidCards.virtualConnection(name, home, timeLimit);
        return new Card(connection, canAnswers, "eid4j " + connection.location(), e -> { });
    }

    /**
     * The card in a PC/SC reader, each command (and connecting) waiting for it at most
     * {@code timeLimit}. {@code lost} runs, outside the card's lock, when an exchange finds that
     * the card, the reader or the PC/SC service is gone, or that the card does not answer.
     */
    static Card openReader(String readerName, Duration timeLimit, PinCallback canAnswers, Consumer<CardAccessException> lost)
            throws EidException {
        PcscConnection connection = PcscConnection.open(readerName, timeLimit);
        Log.debug(readerName + ": " + connection.readerFeatures()); // a PIN pad, PACE in the reader, or none
        return new Card(connection, canAnswers, readerName, lost);
    }

    EidCard eid() {
        return eid;
    }

    /** "eid4j virtual card 'demo'" or the reader's name: the slot description. */
    String description() {
        return description;
    }

    /** The reader's PIN pad, waiting at most {@code wait} for the user, if the card is in such a reader. */
    Optional<PinPad> pinPad(Duration wait) {
        return connection.pinPad(wait);
    }

    private interface Exchange<T> {
        T run() throws EidException;
    }

    /**
     * One card operation under the lock. This is where the module calls the token model, so its
     * errors become CKR_ values here, once ({@link Errors}).
     */
    private <T> T exchange(Exchange<T> exchange) {
        try {
            lock.lock();
            try {
                return exchange.run();
            } finally {
                lock.unlock();
            }
        } catch (EidException e) {
            if (e instanceof CardAccessException access && isLost(access)) {
                lost.accept(access);
            }
            throw Errors.of(e);
        }
    }

    private static boolean isLost(CardAccessException e) {
        return switch (e.reason()) {
            case CARD_REMOVED, NO_CARD, NO_READER, SERVICE_NOT_RUNNING, NO_ANSWER -> true;
            default -> false;
        };
    }

    PinStatus status(PinInfo pin) {
        return exchange(() -> eid.status(pin));
    }

    void verify(PinInfo pin, PinCallback pins) {
        exchange(() -> {
            eid.verify(pin, pins);
            return null;
        });
    }

    byte[] sign(KeyEntry key, SignatureScheme scheme, HashAlgorithm hash, byte[] digest, PinCallback pins) {
        return exchange(() -> eid.sign(key, scheme, hash, digest, pins));
    }

    byte[] decrypt(KeyEntry key, byte[] cryptogram, PinCallback pins) {
        return exchange(() -> eid.decrypt(key, cryptogram, pins));
    }

    byte[] deriveEcdh(KeyEntry key, byte[] peerPoint, PinCallback pins) {
        return exchange(() -> eid.deriveEcdh(key, peerPoint, pins));
    }

    void changePin(PinInfo pin, PinCallback pins) {
        exchange(() -> {
            eid.changePin(pin, pins);
            return null;
        });
    }

    void unblockPin(PinInfo pin, PinCallback pins) {
        exchange(() -> {
            eid.unblockPin(pin, pins);
            return null;
        });
    }

    void logout() {
        exchange(() -> {
            eid.logout();
            return null;
        });
    }

    /**
     * Closes the card. An operation still at the card gets a second to end; after that (a card
     * that does not answer holds its caller up to the time limit) the connection is closed
     * under it, which frees its caller at once and never waits for the card: C_Finalize returns.
     */
    @Override
    public void close() {
        boolean locked = false;
        try {
            locked = lock.tryLock(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            connection.close();
            return;
        }
        try {
            eid.close();
        } finally {
            lock.unlock();
        }
    }
}

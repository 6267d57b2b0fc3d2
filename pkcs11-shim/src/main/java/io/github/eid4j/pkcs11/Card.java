package io.github.eid4j.pkcs11;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.InProcessConnection;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinStatus;
import io.github.eid4j.card.SignatureScheme;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A card the module has opened, with the lock that keeps one card operation at a time. Every
 * card exchange goes through the token model ({@link EidCard}); this class only says where the
 * card is, and tells its reader when an exchange found the card gone.
 */
final class Card implements AutoCloseable {
    private final EidCard eid;
    private final String description;
    private final Runnable lost;
    private final Object lock = new Object();

    private Card(EidCard eid, String description, Runnable lost) {
        this.eid = eid;
        this.description = description;
        this.lost = lost;
    }

    /** A virtual card from an eid4j home (null: the default one), in this process. */
    static Card openVirtual(String name, Path home) throws EidException {
        VirtualCards cards = home == null ? VirtualCards.inDefaultHome() : new VirtualCards(home);
        VirtualCards.OpenCard open;
        try {
            open = cards.open(name);
        } catch (IOException | IllegalArgumentException e) {
            throw new CardAccessException(CardAccessException.Reason.NO_CARD, e.getMessage(), e);
        }
        String location = "virtual card '" + name + "'";
        EidCard eid = EidCards.open(new InProcessConnection(open.card(), open.card().image().settings().t0(), location, open::close));
        return new Card(eid, "eid4j " + location, () -> { });
    }

    /**
     * The card in a PC/SC reader. {@code lost} runs, outside the card's lock, when an exchange
     * finds that the card, the reader or the PC/SC service is gone.
     */
    static Card openReader(String readerName, Runnable lost) throws EidException {
        return new Card(EidCards.openReader(readerName), readerName, lost);
    }

    EidCard eid() {
        return eid;
    }

    /** "eid4j virtual card 'demo'" or the reader's name: the slot description. */
    String description() {
        return description;
    }

    private interface Exchange<T> {
        T run() throws EidException;
    }

    private <T> T exchange(Exchange<T> exchange) throws EidException {
        try {
            synchronized (lock) {
                return exchange.run();
            }
        } catch (CardAccessException e) {
            if (isGone(e)) {
                lost.run();
            }
            throw e;
        }
    }

    private static boolean isGone(CardAccessException e) {
        return switch (e.reason()) {
            case CARD_REMOVED, NO_CARD, NO_READER, SERVICE_NOT_RUNNING -> true;
            default -> false;
        };
    }

    PinStatus status(PinInfo pin) throws EidException {
        return exchange(() -> eid.status(pin));
    }

    void verify(PinInfo pin, PinCallback pins) throws EidException {
        exchange(() -> {
            eid.verify(pin, pins);
            return null;
        });
    }

    byte[] sign(KeyEntry key, SignatureScheme scheme, HashAlgorithm hash, byte[] digest, PinCallback pins) throws EidException {
        return exchange(() -> eid.sign(key, scheme, hash, digest, pins));
    }

    byte[] decrypt(KeyEntry key, byte[] cryptogram, PinCallback pins) throws EidException {
        return exchange(() -> eid.decrypt(key, cryptogram, pins));
    }

    byte[] deriveEcdh(KeyEntry key, byte[] peerPoint, PinCallback pins) throws EidException {
        return exchange(() -> eid.deriveEcdh(key, peerPoint, pins));
    }

    void changePin(PinInfo pin, PinCallback pins) throws EidException {
        exchange(() -> {
            eid.changePin(pin, pins);
            return null;
        });
    }

    void unblockPin(PinInfo pin, PinCallback pins) throws EidException {
        exchange(() -> {
            eid.unblockPin(pin, pins);
            return null;
        });
    }

    void logout() throws EidException {
        exchange(() -> {
            eid.logout();
            return null;
        });
    }

    @Override
    public void close() {
        synchronized (lock) {
            eid.close();
        }
    }
}

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
 * card is.
 */
final class Card implements AutoCloseable {
    private final EidCard eid;
    private final String description;

    Card(EidCard eid, String description) {
        this.eid = eid;
        this.description = description;
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
        return new Card(eid, "eid4j " + location);
    }

    EidCard eid() {
        return eid;
    }

    /** "eid4j virtual card 'demo'": the slot description. */
    String description() {
        return description;
    }

    synchronized PinStatus status(PinInfo pin) throws EidException {
        return eid.status(pin);
    }

    synchronized void verify(PinInfo pin, PinCallback pins) throws EidException {
        eid.verify(pin, pins);
    }

    synchronized byte[] sign(KeyEntry key, SignatureScheme scheme, HashAlgorithm hash, byte[] digest, PinCallback pins)
            throws EidException {
        return eid.sign(key, scheme, hash, digest, pins);
    }

    synchronized byte[] decrypt(KeyEntry key, byte[] cryptogram, PinCallback pins) throws EidException {
        return eid.decrypt(key, cryptogram, pins);
    }

    synchronized byte[] deriveEcdh(KeyEntry key, byte[] peerPoint, PinCallback pins) throws EidException {
        return eid.deriveEcdh(key, peerPoint, pins);
    }

    synchronized void changePin(PinInfo pin, PinCallback pins) throws EidException {
        eid.changePin(pin, pins);
    }

    synchronized void unblockPin(PinInfo pin, PinCallback pins) throws EidException {
        eid.unblockPin(pin, pins);
    }

    synchronized void logout() throws EidException {
        eid.logout();
    }

    @Override
    public synchronized void close() {
        eid.close();
    }
}

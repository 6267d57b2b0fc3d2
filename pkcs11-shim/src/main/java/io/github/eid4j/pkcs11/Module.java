package io.github.eid4j.pkcs11;

import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.PinInfo;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What exists between C_Initialize and C_Finalize: the cards opened, their slots and tokens,
 * and the sessions. Slot IDs are 0, 1, ... in the order of the config file, a card's PINs in the
 * card's order; object handles are unique across the module.
 */
final class Module implements AutoCloseable {
    private final List<Card> cards;
    private final List<Slot> slots;
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong nextSession = new AtomicLong(1);
    private final CountDownLatch finalized = new CountDownLatch(1);

    private Module(List<Card> cards, List<Slot> slots) {
        this.cards = cards;
        this.slots = slots;
    }

    /** Opens every configured card; one that cannot be opened is a slot without a token, and one line on stderr. */
    static Module open(ModuleConfig config) {
        List<Card> cards = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        long[] nextHandle = {1};
        for (String name : config.virtualCards()) {
            Card card;
            try {
                card = Card.openVirtual(name, config.eid4jHome());
            } catch (EidException | RuntimeException e) {
                Log.problem("virtual card '" + name + "' is not available: " + e.getMessage());
                slots.add(new Slot(slots.size(), "eid4j virtual card '" + name + "'", null));
                continue;
            }
            cards.add(card);
            for (Token token : tokens(card, nextHandle)) {
                slots.add(new Slot(slots.size(), card.description(), token));
            }
        }
        return new Module(cards, List.copyOf(slots));
    }

    /** One token per user PIN that guards a key; the card's CA certificates go to the first. */
    private static List<Token> tokens(Card card, long[] nextHandle) {
        List<Token> tokens = new CopyOnWriteArrayList<>();
        List<Token> made = new ArrayList<>();
        boolean first = true;
        for (PinInfo pin : card.eid().pins()) {
            List<KeyEntry> keys = card.eid().keys().stream().filter(k -> k.pin() == pin).toList();
            if (pin.role() == PinInfo.Role.UNBLOCKING || keys.isEmpty()) {
                continue;
            }
            List<TokenObject> objects = new ArrayList<>();
            List<Mechanism> mechanisms = new ArrayList<>();
            for (KeyEntry key : keys) {
                List<Mechanism> ofKey = new ArrayList<>();
                for (Mechanism m : Mechanism.values()) {
                    if (m.suits(key)) {
                        ofKey.add(m);
                        if (!mechanisms.contains(m)) {
                            mechanisms.add(m);
                        }
                    }
                }
                objects.add(TokenObjects.certificate(nextHandle[0]++, key.certificate(), key.id(), key.label(), false));
                objects.add(TokenObjects.publicKey(nextHandle[0]++, key, ofKey));
                objects.add(TokenObjects.privateKey(nextHandle[0]++, key, ofKey));
            }
            if (first) {
                for (X509Certificate ca : card.eid().caCertificates()) {
                    objects.add(TokenObjects.authority(nextHandle[0]++, ca));
                }
                first = false;
            }
            mechanisms.sort((a, b) -> Long.compare(a.type(), b.type()));
            String label = card.eid().identity().profile() + " (" + pin.label() + ")";
            made.add(new Token(card, pin, label, objects, mechanisms, tokens));
        }
        tokens.addAll(made);
        return made;
    }

    List<Slot> slots() {
        return slots;
    }

    /** The slot, or CKR_SLOT_ID_INVALID. */
    Slot slot(long id) {
        if (id < 0 || id >= slots.size()) {
            throw new CkrException(Ck.CKR_SLOT_ID_INVALID);
        }
        return slots.get((int) id);
    }

    long[] slotIds(boolean withTokenOnly) {
        return slots.stream().filter(s -> !withTokenOnly || s.token() != null).mapToLong(Slot::id).toArray();
    }

    Session openSession(Slot slot, boolean readWrite) {
        slot.requireToken();
        Session session = new Session(nextSession.getAndIncrement(), slot, readWrite);
        sessions.put(session.handle(), session);
        return session;
    }

    /** The session, or CKR_SESSION_HANDLE_INVALID. */
    Session session(long handle) {
        Session session = sessions.get(handle);
        if (session == null) {
            throw new CkrException(Ck.CKR_SESSION_HANDLE_INVALID);
        }
        return session;
    }

    /** Closes a session; closing a token's last session logs the token out (PKCS#11 §5.6). */
    void closeSession(Session session) {
        if (sessions.remove(session.handle(), session)) {
            session.close();
            Token token = session.slot().token();
            if (token != null && (token.isLoggedIn() || token.isSoLoggedIn()) && sessionCount(session.slot(), false) == 0) {
                token.logout();
            }
        }
    }

    void closeAllSessions(Slot slot) {
        for (Session s : sessions.values()) {
            if (s.slot() == slot) {
                closeSession(s);
            }
        }
    }

    long sessionCount(Slot slot, boolean readWriteOnly) {
        return sessions.values().stream().filter(s -> s.slot() == slot && (!readWriteOnly || s.isReadWrite())).count();
    }

    /** Blocks until C_Finalize (C_WaitForSlotEvent: the slots of virtual cards never change). */
    void awaitFinalize() throws InterruptedException {
        finalized.await();
    }

    @Override
    public void close() {
        for (Session s : sessions.values()) {
            s.close();
        }
        sessions.clear();
        for (Slot slot : slots) {
            Token token = slot.token();
            if (token != null) {
                token.soLogout(); // a PUK no C_InitPIN used
            }
        }
        finalized.countDown();
        for (Card card : cards) {
            try {
                card.close();
            } catch (RuntimeException e) {
                Log.debug("C_Finalize: " + e);
            }
        }
    }
}

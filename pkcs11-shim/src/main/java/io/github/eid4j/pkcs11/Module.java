package io.github.eid4j.pkcs11;

import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinInfo;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What exists between C_Initialize and C_Finalize: the slots and their tokens, and the sessions.
 * Slot IDs are 0, 1, ...: first the virtual cards of the config file, then one per token of a
 * card ({@link #tokensPerCard()}) per PC/SC reader in the order the readers appeared. Object
 * handles are unique across the module.
 */
final class Module implements AutoCloseable {
    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    private final List<Card> virtualCards = new ArrayList<>();
    private final List<Token> virtualTokens = new ArrayList<>();
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong nextSession = new AtomicLong(1);
    private final AtomicLong nextHandle = new AtomicLong(1);
    private final SlotEvents events = new SlotEvents();
    private final boolean authenticationOnly;
    /** Whether tokens ask for their PIN in the module's dialog at their first signature ({@link Token#asksPinAtUse()}). */
    private final boolean pinAtUse;
    private final KeyLabels keyLabels = KeyLabels.forEnvironment(System.getenv());
    private ReaderSlots readers;

    private Module(boolean authenticationOnly, boolean pinAtUse) {
        this.authenticationOnly = authenticationOnly;
        this.pinAtUse = pinAtUse;
    }

    /**
     * Opens every configured virtual card (one that cannot be opened is a slot without a token, and
     * one line on stderr), then, if configured, follows the PC/SC readers. A card behind PACE asks
     * {@code canAnswers} for its CAN. {@code pinAtUse}: the tokens need no login, and the module's
     * dialog asks for the PIN when a key is first used ({@link Token#asksPinAtUse()}).
     */
    static Module open(ModuleConfig config, PinCallback canAnswers, boolean pinAtUse) {
        Module module = new Module(config.authenticationOnly(), pinAtUse);
        for (String name : config.virtualCards()) {
            Card card;
            try {
                card = Card.openVirtual(name, config.eid4jHome(), config.cardTimeout(), canAnswers);
            } catch (EidException | RuntimeException e) {
                Log.problem("virtual card '" + name + "' is not available: " + e.getMessage());
                module.addSlot("eid4j virtual card '" + name + "'", false, () -> null);
                continue;
            }
            module.virtualCards.add(card);
            for (Token token : module.tokensOf(card)) {
                module.virtualTokens.add(token);
                module.addSlot(card.description(), false, () -> token);
            }
        }
        if (config.readers()) {
            module.readers = ReaderSlots.start(module, config.cardTimeout(), canAnswers);
        }
        return module;
    }

    /** A new slot with the next ID. */
    synchronized Slot addSlot(String description, boolean hardware, Supplier<Token> token) {
        Slot slot = new Slot(slots.size(), description, hardware, token);
        slots.add(slot);
        return slot;
    }

    /**
     * How many tokens a card can have: FINEID and the Luxembourg eID have two user PINs, so two
     * tokens; one in the build for browsers.
     */
    int tokensPerCard() {
        return authenticationOnly ? 1 : 2;
    }

    /**
     * One token per user PIN that guards a key (in the build for browsers, the authentication
     * key's only); the card's CA certificates go to the first.
     */
    List<Token> tokensOf(Card card) {
        List<Token> siblings = new CopyOnWriteArrayList<>();
        List<Token> made = new ArrayList<>();
        boolean first = true;
        for (PinInfo pin : card.eid().pins()) {
            List<KeyEntry> keys = card.eid().keys().stream()
                    .filter(k -> k.pin() == pin && (!authenticationOnly || k.purpose() == KeyPurpose.AUTHENTICATION)).toList();
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
                String label = keyLabels.of(key.purpose());
                objects.add(TokenObjects.certificate(nextHandle.getAndIncrement(), key.certificate(), key.id(), label, false));
                objects.add(TokenObjects.publicKey(nextHandle.getAndIncrement(), key, label, ofKey));
                objects.add(TokenObjects.privateKey(nextHandle.getAndIncrement(), key, label, ofKey));
            }
            if (first) {
                for (X509Certificate ca : card.eid().caCertificates()) {
                    objects.add(TokenObjects.authority(nextHandle.getAndIncrement(), ca));
                }
                first = false;
            }
            mechanisms.sort((a, b) -> Long.compare(a.type(), b.type()));
            String holder = TokenLabels.holder(keys.get(0).certificate(), card.eid().identity().profile());
            String label = TokenLabels.token(holder, pin.label(), card.eid().identity().serial());
            made.add(new Token(card, pin, label, objects, mechanisms, siblings, pinAtUse));
        }
        siblings.addAll(made);
        return made;
    }

    /** The tokens of a card that left: their sessions are closed and their logins and secrets dropped. */
    void tokensGone(List<Token> gone) {
        if (gone.isEmpty()) {
            return;
        }
        for (Token token : gone) {
            token.forget(); // first: a session opened from now on sees it
        }
        for (Session s : sessions.values()) {
            if (gone.contains(s.token()) && sessions.remove(s.handle(), s)) {
                s.close();
            }
        }
    }

    SlotEvents events() {
        return events;
    }

    List<Slot> slots() {
        return slots;
    }

    /** The slot, or CKR_SLOT_ID_INVALID. */
    Slot slot(long id) {
        List<Slot> now = slots;
        if (id < 0 || id >= now.size()) {
            throw new CkrException(Ck.CKR_SLOT_ID_INVALID);
        }
        return now.get((int) id);
    }

    long[] slotIds(boolean withTokenOnly) {
        return slots.stream().filter(s -> !withTokenOnly || s.token() != null).mapToLong(Slot::id).toArray();
    }

    Session openSession(Slot slot, boolean readWrite) {
        Token token = slot.requireToken();
        if (!readWrite && token.isSoLoggedIn()) {
            throw new CkrException(Ck.CKR_SESSION_READ_WRITE_SO_EXISTS);
        }
        Session session = new Session(nextSession.getAndIncrement(), slot, token, readWrite);
        sessions.put(session.handle(), session);
        if (token.isGone() && sessions.remove(session.handle(), session)) {
            // The card left while the session was being opened; tokensGone may have missed it.
            session.close();
            throw new CkrException(Ck.CKR_DEVICE_REMOVED);
        }
        return session;
    }

    /** Whether the token has a read-only session (an SO login needs none, PKCS#11 §5.6). */
    boolean hasReadOnlySession(Token token) {
        return sessions.values().stream().anyMatch(s -> s.token() == token && !s.isReadWrite());
    }

    /** The session, or CKR_SESSION_HANDLE_INVALID (also once its card was removed: that closed it). */
    Session session(long handle) {
        Session session = sessions.get(handle);
        if (session == null || session.token().isGone()) {
            throw new CkrException(Ck.CKR_SESSION_HANDLE_INVALID);
        }
        return session;
    }

    /** Closes a session; closing a token's last session logs the token out (PKCS#11 §5.6). */
    void closeSession(Session session) {
        if (sessions.remove(session.handle(), session)) {
            session.close();
            Token token = session.token();
            if ((token.isLoggedIn() || token.isSoLoggedIn()) && sessionCount(token, false) == 0) {
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

    /** The sessions open with the token now in the slot. */
    long sessionCount(Slot slot, boolean readWriteOnly) {
        Token token = slot.token();
        return token == null ? 0 : sessionCount(token, readWriteOnly);
    }

    private long sessionCount(Token token, boolean readWriteOnly) {
        return sessions.values().stream().filter(s -> s.token() == token && (!readWriteOnly || s.isReadWrite())).count();
    }

    @Override
    public void close() {
        events.close();
        if (readers != null) {
            readers.close();
        }
        for (Session s : sessions.values()) {
            s.close();
        }
        sessions.clear();
        for (Token token : virtualTokens) {
            token.soLogout(); // a PUK no C_InitPIN used (the readers' tokens were forgotten above)
        }
        for (Card card : virtualCards) {
            try {
                card.close();
            } catch (RuntimeException e) {
                Log.debug("C_Finalize: " + e);
            }
        }
    }
}

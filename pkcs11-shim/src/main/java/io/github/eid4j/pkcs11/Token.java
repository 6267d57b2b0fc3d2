package io.github.eid4j.pkcs11;

import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One PIN of a card as a PKCS#11 token. PKCS#11 has one user PIN per token, so a card with two
 * PINs is two tokens: "Maija Meikäläinen (PIN1) #7850" with the authentication key and "Maija
 * Meikäläinen (PIN2) #7850" with the signature key ({@link TokenLabels}). The login state is the
 * token's, shared by all its sessions.
 */
final class Token {
    private final Card card;
    private final PinInfo pin;
    private final String label;
    private final List<TokenObject> objects;
    private final List<Mechanism> mechanisms;
    private final List<Token> siblings;
    private final boolean pinAtUse;
    /** One PIN dialog at a time for a token that asks at use: two signatures at once ask once. */
    private final ReentrantLock loginAtUse = new ReentrantLock();
    private volatile boolean loggedIn;
    /** The card left: set before its sessions are closed. */
    private volatile boolean gone;
    /** C_Login(CKU_SO): the PUK, kept for the next C_InitPIN only; null when used or logged out. */
    private boolean soLoggedIn;
    private char[] puk;
    /** Session objects (derived keys) by handle, with the handle of the session that made each. */
    private final Map<Long, SessionObject> sessionObjects = new ConcurrentHashMap<>();
    /** Session object handles: above any token object's. */
    private static final AtomicLong NEXT_SESSION_OBJECT = new AtomicLong(0x10000);

    private record SessionObject(long session, TokenObject object) {
    }

    Token(Card card, PinInfo pin, String label, List<TokenObject> objects, List<Mechanism> mechanisms, List<Token> siblings,
            boolean pinAtUse) {
        this.card = card;
        this.pin = pin;
        this.label = label;
        this.objects = List.copyOf(objects);
        this.mechanisms = List.copyOf(mechanisms);
        this.siblings = siblings;
        this.pinAtUse = pinAtUse;
    }

    Card card() {
        return card;
    }

    PinInfo pin() {
        return pin;
    }

    String label() {
        return label;
    }

    /** "FINEID v4.0". */
    String model() {
        return card.eid().identity().profile() + " " + card.eid().identity().version();
    }

    String serial() {
        return card.eid().identity().serial();
    }

    List<Mechanism> mechanisms() {
        return mechanisms;
    }

    boolean isLoggedIn() {
        return loggedIn;
    }

    /** The card's PUK, which unblocks this token's PIN: the SO PIN. Null if the card has none. */
    PinInfo unblockingPin() {
        for (PinInfo p : card.eid().pins()) {
            if (p.role() == PinInfo.Role.UNBLOCKING) {
                return p;
            }
        }
        return null;
    }

    synchronized boolean isSoLoggedIn() {
        return soLoggedIn;
    }

    /** Records the PUK (owned from here on) for the next C_InitPIN; the card does not see it yet. */
    synchronized void soLoggedIn(char[] value) {
        wipePuk();
        if (gone) {
            Arrays.fill(value, '\0');
            throw new CkrException(Ck.CKR_DEVICE_REMOVED);
        }
        soLoggedIn = true;
        puk = value;
    }

    /** The recorded PUK, handed over once (the caller wipes it), or null. */
    synchronized char[] takePuk() {
        char[] out = puk;
        puk = null;
        return out;
    }

    private void wipePuk() {
        if (puk != null) {
            Arrays.fill(puk, '\0');
            puk = null;
        }
    }

    /** Ends the SO login, wiping the PUK if C_InitPIN did not use it (also at C_Finalize). */
    synchronized void soLogout() {
        wipePuk();
        soLoggedIn = false;
    }

    void loggedIn() {
        loggedIn = true;
    }

    /**
     * Whether the token needs no login and asks for its PIN in the module's dialog when its key is
     * first used (the build for browsers, where the dialog can be shown). Chromium shows its own
     * PIN window for a token with CKF_LOGIN_REQUIRED before anything else, and NSS then drops what
     * was typed there for a token with the protected authentication path, so the citizen would be
     * asked twice; the Belgian eID module does the same for the same reason (Fedict/eid-mw#175).
     * Its private objects are visible without a login, so that NSS finds the client certificate's
     * key; the card still signs only after the PIN was verified.
     */
    boolean asksPinAtUse() {
        return pinAtUse;
    }

    /** Runs {@code verify} (which throws if the PIN was not verified) unless logged in meanwhile, then logged in. */
    void logInOnce(Runnable verify) {
        loginAtUse.lock();
        try {
            if (!loggedIn) {
                verify.run();
                loggedIn = true;
            }
        } finally {
            loginAtUse.unlock();
        }
    }

    /** Whether a session sees the token's private objects: after login, or always for a token that asks at use. */
    boolean showsPrivateObjects() {
        return loggedIn || pinAtUse;
    }

    /**
     * Back to public sessions. The card forgets its verifications only when no other token of the
     * same card is logged in, as logging out on the card ends every PIN's verification.
     */
    void logout() {
        if (isSoLoggedIn()) {
            soLogout();
            return; // the card never saw the PUK
        }
        loggedIn = false;
        for (Token other : siblings) {
            if (other != this && other.loggedIn) {
                return;
            }
        }
        try {
            card.logout();
        } catch (CkrException e) {
            Log.debug("C_Logout: " + e.getMessage());
        }
    }

    /** The card left: no login, no PUK, no session objects; its sessions are closed next. */
    synchronized void forget() {
        gone = true;
        soLogout();
        loggedIn = false;
        sessionObjects.values().forEach(s -> s.object().wipe());
        sessionObjects.clear();
    }

    /** Whether the card left (C_OpenSession then fails, and no secret is kept for this token). */
    boolean isGone() {
        return gone;
    }

    /** The object with this handle, private or not, a token or a session object, or null. */
    TokenObject object(long handle) {
        for (TokenObject o : objects) {
            if (o.handle() == handle) {
                return o;
            }
        }
        SessionObject s = sessionObjects.get(handle);
        return s == null ? null : s.object();
    }

    /** A handle for a new session object. */
    static long nextSessionObjectHandle() {
        return NEXT_SESSION_OBJECT.getAndIncrement();
    }

    /** Adds a session object, or wipes it and answers CKR_DEVICE_REMOVED if the card has left. */
    synchronized void addSessionObject(long session, TokenObject object) {
        if (gone) {
            object.wipe();
            throw new CkrException(Ck.CKR_DEVICE_REMOVED);
        }
        sessionObjects.put(object.handle(), new SessionObject(session, object));
    }

    /** Destroys the session objects a session made (it closes), wiping their secrets. */
    void removeSessionObjects(long session) {
        sessionObjects.values().removeIf(s -> {
            if (s.session() == session) {
                s.object().wipe();
                return true;
            }
            return false;
        });
    }

    /** The objects a session sees: the public ones, and the private ones too where {@link #showsPrivateObjects()}. */
    List<TokenObject> visibleObjects() {
        boolean all = showsPrivateObjects();
        List<TokenObject> out = new ArrayList<>();
        for (TokenObject o : objects) {
            if (all || !o.isPrivate()) {
                out.add(o);
            }
        }
        for (SessionObject s : sessionObjects.values()) {
            if (all || !s.object().isPrivate()) {
                out.add(s.object());
            }
        }
        return out;
    }

    /** Every object, private or not. */
    List<TokenObject> allObjects() {
        return objects;
    }

    /** The token's flags, with the PIN's state as the card reports it (one card exchange). */
    long flags() {
        long flags = Ck.CKF_RNG | Ck.CKF_TOKEN_INITIALIZED | (pinAtUse ? 0 : Ck.CKF_LOGIN_REQUIRED);
        try {
            PinStatus status = card.status(pin);
            if (status.isActivated()) {
                flags |= Ck.CKF_USER_PIN_INITIALIZED;
            }
            if (status.isBlocked()) {
                flags |= Ck.CKF_USER_PIN_LOCKED;
            } else if (status.triesLeft() == 1) {
                flags |= Ck.CKF_USER_PIN_FINAL_TRY | Ck.CKF_USER_PIN_COUNT_LOW;
            } else if (status.triesLeft() >= 0 && status.triesLeft() < status.maxTries()) {
                flags |= Ck.CKF_USER_PIN_COUNT_LOW;
            }
            if (status.isInitial()) {
                flags |= Ck.CKF_USER_PIN_TO_BE_CHANGED;
            }
            PinInfo unblocking = unblockingPin();
            if (unblocking != null) {
                PinStatus so = card.status(unblocking);
                if (so.isBlocked()) {
                    flags |= Ck.CKF_SO_PIN_LOCKED;
                } else if (so.triesLeft() == 1) {
                    flags |= Ck.CKF_SO_PIN_FINAL_TRY | Ck.CKF_SO_PIN_COUNT_LOW;
                } else if (so.triesLeft() >= 0 && so.triesLeft() < so.maxTries()) {
                    flags |= Ck.CKF_SO_PIN_COUNT_LOW;
                }
            }
        } catch (CkrException e) {
            Log.debug("C_GetTokenInfo: " + e.getMessage());
        }
        return flags;
    }

    /** Whether a key of this token does ECDH on the card (CKM_ECDH1_DERIVE). */
    boolean derives() {
        return objects.stream().anyMatch(o -> o.isPrivateKey() && o.key().canDerive());
    }

    /** CK_MECHANISM_INFO of CKM_ECDH1_DERIVE: key sizes in bits, and flags. */
    long[] deriveInfo() {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (TokenObject o : objects) {
            if (o.isPrivateKey() && o.key().canDerive()) {
                min = Math.min(min, o.key().sizeBits());
                max = Math.max(max, o.key().sizeBits());
            }
        }
        return new long[] {min == Long.MAX_VALUE ? 0 : min, max,
            Ck.CKF_HW | Ck.CKF_DERIVE | Ck.CKF_EC_F_P | Ck.CKF_EC_NAMEDCURVE | Ck.CKF_EC_UNCOMPRESS};
    }

    /** CK_MECHANISM_INFO of a mechanism this token has: key sizes in bits, and flags. */
    long[] mechanismInfo(Mechanism mechanism) {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (TokenObject o : objects) {
            KeyEntry key = o.key();
            if (o.isPrivateKey() && mechanism.suits(key)) {
                min = Math.min(min, key.sizeBits());
                max = Math.max(max, key.sizeBits());
            }
        }
        long flags = Ck.CKF_HW | Ck.CKF_SIGN;
        if (mechanism == Mechanism.RSA_PKCS && objects.stream().anyMatch(o -> o.isPrivateKey() && o.key().canDecrypt())) {
            flags |= Ck.CKF_DECRYPT;
        }
        if (mechanism.isEc()) {
            flags |= Ck.CKF_EC_F_P | Ck.CKF_EC_NAMEDCURVE | Ck.CKF_EC_UNCOMPRESS;
        }
        return new long[] {min == Long.MAX_VALUE ? 0 : min, max, flags};
    }
}

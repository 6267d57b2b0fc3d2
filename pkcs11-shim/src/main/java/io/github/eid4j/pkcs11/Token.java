package io.github.eid4j.pkcs11;

import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * One PIN of a card as a PKCS#11 token. PKCS#11 has one user PIN per token, so a card with two
 * PINs is two tokens: "FINEID (PIN1)" with the authentication key and "FINEID (PIN2)" with the
 * signature key. The login state is the token's, shared by all its sessions.
 */
final class Token {
    private final Card card;
    private final PinInfo pin;
    private final String label;
    private final List<TokenObject> objects;
    private final List<Mechanism> mechanisms;
    private final List<Token> siblings;
    private volatile boolean loggedIn;

    Token(Card card, PinInfo pin, String label, List<TokenObject> objects, List<Mechanism> mechanisms, List<Token> siblings) {
        this.card = card;
        this.pin = pin;
        this.label = label;
        this.objects = List.copyOf(objects);
        this.mechanisms = List.copyOf(mechanisms);
        this.siblings = siblings;
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

    void loggedIn() {
        loggedIn = true;
    }

    /**
     * Back to public sessions. The card forgets its verifications only when no other token of the
     * same card is logged in, as logging out on the card ends every PIN's verification.
     */
    void logout() {
        loggedIn = false;
        for (Token other : siblings) {
            if (other != this && other.loggedIn) {
                return;
            }
        }
        try {
            card.logout();
        } catch (EidException e) {
            Log.debug("C_Logout: " + e.getMessage());
        }
    }

    /** The object with this handle, private or not, or null. */
    TokenObject object(long handle) {
        for (TokenObject o : objects) {
            if (o.handle() == handle) {
                return o;
            }
        }
        return null;
    }

    /** The objects a session sees: the public ones, and after login the private ones too. */
    List<TokenObject> visibleObjects() {
        boolean all = loggedIn;
        List<TokenObject> out = new ArrayList<>();
        for (TokenObject o : objects) {
            if (all || !o.isPrivate()) {
                out.add(o);
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
        long flags = Ck.CKF_RNG | Ck.CKF_LOGIN_REQUIRED | Ck.CKF_TOKEN_INITIALIZED;
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
        } catch (EidException e) {
            Log.debug("C_GetTokenInfo: " + e.getMessage());
        }
        return flags;
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

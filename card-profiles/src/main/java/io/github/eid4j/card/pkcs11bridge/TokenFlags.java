package io.github.eid4j.card.pkcs11bridge;

import static io.github.eid4j.card.pkcs11bridge.Pkcs11Constants.*;

import io.github.eid4j.card.PinStatus;

/**
 * What CK_TOKEN_INFO's flags say about the user PIN or the SO PIN. PKCS#11 tells no count of
 * tries, only that one was wrong (COUNT_LOW), that one is left (FINAL_TRY), that none is
 * (LOCKED), and that the PIN must be changed (TO_BE_CHANGED).
 */
final class TokenFlags {
    private TokenFlags() {
    }

    static boolean locked(boolean so, long flags) {
        return (flags & (so ? CKF_SO_PIN_LOCKED : CKF_USER_PIN_LOCKED)) != 0;
    }

    /** 0 when locked, 1 on the final try, else -1 (the module does not say). */
    static int triesLeft(boolean so, long flags) {
        if (locked(so, flags)) {
            return 0;
        }
        return (flags & (so ? CKF_SO_PIN_FINAL_TRY : CKF_USER_PIN_FINAL_TRY)) != 0 ? 1 : -1;
    }

    static PinStatus status(boolean so, long flags) {
        if (!so && (flags & CKF_USER_PIN_INITIALIZED) == 0) {
            return new PinStatus(-1, -1, false, false);
        }
        if ((flags & (so ? CKF_SO_PIN_TO_BE_CHANGED : CKF_USER_PIN_TO_BE_CHANGED)) != 0 && !locked(so, flags)) {
            return PinStatus.changeRequired(-1);
        }
        boolean low = (flags & (so ? CKF_SO_PIN_COUNT_LOW : CKF_USER_PIN_COUNT_LOW)) != 0;
        int tries = triesLeft(so, flags);
        return low && tries < 0 ? PinStatus.someTriesSpent() : new PinStatus(tries, -1, false, true);
    }
}

package io.github.eid4j.card.pkcs11bridge;

import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;
import io.github.eid4j.apdu.pcsc.PcscMonitor;
import io.github.eid4j.card.EidException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens coming and going in the slots of a module while the program runs, as a count of changes
 * per slot: an open token that sees its slot's count move checks that it is still there
 * ({@link Pkcs11Token}), and is the token model's removed card if not.
 *
 * <p>A module that can lock for two threads (initialised with CKF_OS_LOCKING_OK) is waited on in
 * a blocking C_WaitForSlotEvent on a daemon thread of its own, so events arrive as they happen
 * (OpenSC); C_Finalize releases that wait, and a module that does not release it only keeps
 * that daemon thread. A module that answers the wait CKR_FUNCTION_NOT_SUPPORTED (SoftHSM2), or
 * could not be initialised for two threads, is looked at every {@link PcscMonitor#DEFAULT_INTERVAL}
 * on the module's own thread: events asked with CKF_DONT_BLOCK, and where it has none, the slot
 * list with each token's identity (a token SoftHSM2 deletes keeps its slot, blank).
 */
final class TokenPresence {
    private final Pkcs11Module module;
    private final Map<Long, Long> changes = new ConcurrentHashMap<>();
    /** What the last look saw in each slot: touched on the module's thread only. */
    private final Map<Long, Structs.TokenInfo> seen = new HashMap<>();
    private volatile boolean stopped;
    private boolean pollsSlots;
    private Thread thread;

    TokenPresence(Pkcs11Module module) {
        this.module = module;
    }

    /** What the slots hold when the module is loaded, before any token opens; on the module's thread. */
    void baseline() throws EidException {
        pollSlots();
        changes.clear();
    }

    /** Starts following the module's slots; {@code twoThreads}: the module was initialised to be called by two threads at once. */
    void start(boolean twoThreads) {
        thread = new Thread(() -> follow(twoThreads), "eid4j PKCS#11 slot events " + module.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops following; a wait in the module ends with its C_Finalize. */
    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** How many times the token in {@code slot} changed (went, came, or was replaced) since the module was loaded. */
    long changes(NativeLong slot) {
        return changes.getOrDefault(slot.longValue(), 0L);
    }

    private void changed(long slot) {
        changes.merge(slot, 1L, Long::sum);
    }

    private void follow(boolean twoThreads) {
        try {
            followEvents(twoThreads);
        } catch (RuntimeException | Error e) {
            // JNA's report of a module's bad memory access: the module's calls say so; hot-plug ends here.
        }
    }

    private void followEvents(boolean twoThreads) {
        boolean waits = twoThreads;
        while (!stopped) {
            if (waits) {
                NativeLongByReference slot = new NativeLongByReference();
                long rv = module.library().C_WaitForSlotEvent(new NativeLong(0), slot, null).longValue();
                if (rv == Pkcs11Constants.CKR_OK) {
                    changed(slot.getValue().longValue());
                    continue;
                }
                if (rv == Pkcs11Constants.CKR_FUNCTION_NOT_SUPPORTED) {
                    waits = false;
                    pollsSlots = true;
                }
                // Anything else (C_Finalize's CKR_CRYPTOKI_NOT_INITIALIZED; OpenSC without pcscd answers at
                // once): wait again after a pause rather than spin.
            } else {
                try {
                    module.call("C_WaitForSlotEvent", () -> {
                        look();
                        return null;
                    }, null);
                } catch (EidException e) {
                    return; // the module was given up or closed
                }
            }
            try {
                Thread.sleep(PcscMonitor.DEFAULT_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One look on the module's thread: the events it reports, else the slots and their tokens. */
    private void look() throws EidException {
        Pkcs11Library p11 = module.library();
        NativeLongByReference slot = new NativeLongByReference();
        // Bounded: a module that answers CKR_OK without end must not hold its thread.
        for (int i = 0; i < 64 && !pollsSlots; i++) {
            long rv = p11.C_WaitForSlotEvent(new NativeLong(Pkcs11Constants.CKF_DONT_BLOCK), slot, null).longValue();
            if (rv == Pkcs11Constants.CKR_FUNCTION_NOT_SUPPORTED) {
                pollsSlots = true;
            } else if (rv != Pkcs11Constants.CKR_OK) {
                return;
            } else {
                changed(slot.getValue().longValue());
            }
        }
        if (pollsSlots) {
            pollSlots();
        }
    }

    private void pollSlots() throws EidException {
        Map<Long, Structs.TokenInfo> now = new HashMap<>();
        try {
            for (NativeLong slot : Pkcs11Bridge.slotsWithToken(module)) {
                try {
                    now.put(slot.longValue(), Pkcs11Token.tokenInfo(module, slot));
                } catch (Pkcs11Failure gone) {
                    // A token SoftHSM2 lost its folder under answers CKR_GENERAL_ERROR: not there.
                }
            }
        } catch (Pkcs11Failure unknown) {
            // A module that cannot list its slots vouches for none of its tokens: each checks itself.
        }
        for (Map.Entry<Long, Structs.TokenInfo> before : seen.entrySet()) {
            Structs.TokenInfo after = now.get(before.getKey());
            if (after == null || !after.sameToken(before.getValue())) {
                changed(before.getKey());
            }
        }
        for (Long slot : now.keySet()) {
            if (!seen.containsKey(slot)) {
                changed(slot);
            }
        }
        seen.clear();
        seen.putAll(now);
    }
}

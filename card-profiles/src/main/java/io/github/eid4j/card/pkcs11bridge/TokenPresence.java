package io.github.eid4j.card.pkcs11bridge;

import com.sun.jna.Memory;
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
 * <p>Every {@link PcscMonitor#DEFAULT_INTERVAL} a daemon thread has the module's own thread look:
 * the events the module reports to C_WaitForSlotEvent with CKF_DONT_BLOCK (OpenSC), and the slot
 * list, with the identity of each token in a fixed slot (SoftHSM2 reports no events; a token it
 * deletes keeps its slot, blank). Never a blocking wait beside the module's
 * thread: OpenSC's C_Finalize, which should release such a wait, crashed the JVM at exit while
 * the waiting thread was still inside the module (Pkcs11BridgeOpenscIT, `eid --pkcs11` under CI).
 */
final class TokenPresence {
    private final Pkcs11Module module;
    private final Map<Long, Long> changes = new ConcurrentHashMap<>();
    /** What the last look saw in each slot: touched on the module's thread only. */
    private final Map<Long, Structs.TokenInfo> seen = new HashMap<>();
    /** Whether each slot seen is a reader's: touched on the module's thread only. */
    private final Map<Long, Boolean> removable = new HashMap<>();
    /** What a reader's slot holds for {@link #pollSlots}: a card, told by the slot list alone. */
    private static final Structs.TokenInfo IN_READER = new Structs.TokenInfo("", "", "", "", 0, 0, 0);
    private volatile boolean stopped;
    private Thread thread;

    TokenPresence(Pkcs11Module module) {
        this.module = module;
    }

    /** What the slots hold when the module is loaded, before any token opens; on the module's thread. */
    void baseline() throws EidException {
        pollSlots();
        changes.clear();
    }

    /** Starts following the module's slots. */
    void start() {
        thread = new Thread(this::follow, "eid4j PKCS#11 slot events " + module.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops following, before the module's C_Finalize. */
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

    private void follow() {
        while (!stopped) {
            try {
                module.call("C_WaitForSlotEvent", () -> {
                    look();
                    return null;
                }, null);
            } catch (EidException e) {
                return; // the module was given up or closed
            } catch (RuntimeException | Error e) {
                return; // JNA's report of a module's bad memory access: the module's calls say so; hot-plug ends here.
            }
            try {
                Thread.sleep(PcscMonitor.DEFAULT_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One look on the module's thread: the events it reports, and the slots with their tokens.
     * Both, because a module's answer to CKF_DONT_BLOCK does not tell whether it reports events
     * at all: SoftHSM2 answers CKR_NO_EVENT there and never has one (only a blocking wait says
     * CKR_FUNCTION_NOT_SUPPORTED).
     */
    private void look() throws EidException {
        Pkcs11Library p11 = module.library();
        NativeLongByReference slot = new NativeLongByReference();
        // Bounded: a module that answers CKR_OK without end must not hold its thread.
        for (int i = 0; i < 64; i++) {
            if (p11.C_WaitForSlotEvent(new NativeLong(Pkcs11Constants.CKF_DONT_BLOCK), slot, null).longValue() != Pkcs11Constants.CKR_OK) {
                break;
            }
            changed(slot.getValue().longValue());
        }
        pollSlots();
    }

    private void pollSlots() throws EidException {
        Map<Long, Structs.TokenInfo> now = new HashMap<>();
        try {
            for (NativeLong slot : Pkcs11Bridge.slotsWithToken(module)) {
                try {
                    now.put(slot.longValue(), removable(slot) ? IN_READER : Pkcs11Token.tokenInfo(module, slot));
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

    /**
     * Whether the slot is a reader's (CKF_REMOVABLE_DEVICE), whose token leaves the slot list when
     * its card is taken out; asked once per slot. Only a fixed slot's token, which can be deleted
     * or replaced in place (SoftHSM2), is compared by its token information: OpenSC's
     * C_GetTokenInfo locks the card and asks it for the PIN's status, which a look every 250 ms
     * must not do.
     */
    private boolean removable(NativeLong slot) {
        return removable.computeIfAbsent(slot.longValue(), s -> {
            Memory info = Structs.slotInfoBuffer();
            return module.library().C_GetSlotInfo(slot, info).longValue() == Pkcs11Constants.CKR_OK && Structs.removableDevice(info);
        });
    }
}

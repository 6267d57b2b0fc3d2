package io.github.eid4j.pkcs11;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The slots whose token came or went since C_WaitForSlotEvent last reported them, each once
 * however often it changed (PKCS#11 §5.5: the application then looks at the slot itself).
 */
final class SlotEvents {
    private final Set<Long> pending = new LinkedHashSet<>();
    private boolean closed;

    /** Events on these slots, posted at once so that a waiting application never sees only some of them. */
    synchronized void post(List<Long> slots) {
        pending.addAll(slots);
        notifyAll();
    }

    /**
     * The next slot with an event; -1 if there is none and {@code block} is false. Blocking,
     * it waits until an event or C_Finalize (CKR_CRYPTOKI_NOT_INITIALIZED).
     */
    synchronized long take(boolean block) throws InterruptedException {
        while (block && pending.isEmpty() && !closed) {
            wait();
        }
        if (closed) {
            throw new CkrException(Ck.CKR_CRYPTOKI_NOT_INITIALIZED);
        }
        Iterator<Long> first = pending.iterator();
        if (!first.hasNext()) {
            return -1;
        }
        long slot = first.next();
        first.remove();
        return slot;
    }

    /** C_Finalize: wakes every waiting thread. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}

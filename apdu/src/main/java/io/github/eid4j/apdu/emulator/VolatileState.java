package io.github.eid4j.apdu.emulator;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The volatile state of a card between power-on and power-off: current files, security status,
 * security environment, and data waiting for GET RESPONSE. Lost on reset and power off.
 */
final class VolatileState {
    DedicatedFile currentDf;
    ElementaryFile currentEf;
    final Set<Integer> verified = new HashSet<>();
    /** Security environment: template tag (B6, B8, A4) to its algorithm and key. */
    final Map<Integer, int[]> environment = new HashMap<>();
    byte[] hash;
    byte[] pendingResponse;
    int pendingOffset;
    /**
     * Command chaining: INS|P1|P2 of the chain in progress, and its data so far. The data may be a
     * PIN, so every array it outgrows is wiped, and so is the last when the chain ends.
     */
    int chainHeader = -1;
    byte[] chainData = new byte[0];

    VolatileState(DedicatedFile mf) {
        currentDf = mf;
    }

    /** Adds a part's data to the chain; {@code part} is this session's to wipe. */
    void appendToChain(byte[] part) {
        byte[] grown = Arrays.copyOf(chainData, chainData.length + part.length);
        System.arraycopy(part, 0, grown, chainData.length, part.length);
        Arrays.fill(chainData, (byte) 0);
        Arrays.fill(part, (byte) 0);
        chainData = grown;
    }

    /** Forgets the chain in progress, wiping its data. */
    void endChain() {
        Arrays.fill(chainData, (byte) 0);
        chainData = new byte[0];
        chainHeader = -1;
    }

    void clearSecurityStatus() {
        verified.clear();
        environment.clear();
        hash = null;
    }
}

package io.github.eid4j.apdu.emulator;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The volatile state of a card between power-on and power-off: current files, security status,
 * security environment, and data waiting for GET RESPONSE. Lost on reset and power off.
 */
final class CardSession {
    DedicatedFile currentDf;
    ElementaryFile currentEf;
    final Set<Integer> verified = new HashSet<>();
    /** Security environment: template tag (B6, B8, A4) to its algorithm and key. */
    final Map<Integer, int[]> environment = new HashMap<>();
    byte[] hash;
    byte[] pendingResponse;
    int pendingOffset;
    /** Command chaining: INS|P1|P2 of the chain in progress, and its data so far. */
    int chainHeader = -1;
    java.io.ByteArrayOutputStream chainData;

    CardSession(DedicatedFile mf) {
        currentDf = mf;
    }

    void clearSecurityStatus() {
        verified.clear();
        environment.clear();
        hash = null;
    }
}

package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.sm.SecureMessaging;
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
    /** The status word that ends the pending response (a protected answer keeps its own). */
    int pendingStatus = 0x9000;
    /** The PACE run in progress, between MSE:Set AT and the last GENERAL AUTHENTICATE. */
    PaceCommands.Run pace;
    /** The secure channel PACE opened; null before PACE and after the channel broke. */
    SecureMessaging secureChannel;
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

    void openSecureChannel(SecureMessaging channel) {
        closeSecureChannel();
        secureChannel = channel;
    }

    /** Ends secure messaging, wiping its keys, and the security status it carried (ICAO 9303-11 §9.8.3). */
    void closeSecureChannel() {
        if (secureChannel != null) {
            secureChannel.close();
            secureChannel = null;
            verified.clear();
        }
        if (pace != null) {
            pace.wipe();
            pace = null;
        }
    }

    void clearSecurityStatus() {
        verified.clear();
        environment.clear();
        hash = null;
    }
}

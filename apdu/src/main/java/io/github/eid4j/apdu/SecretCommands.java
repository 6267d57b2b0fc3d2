package io.github.eid4j.apdu;

import java.util.Arrays;

/**
 * Which command APDUs carry a secret, which answers are one, and which leave the card in a state
 * a secret opened (ISO/IEC 7816-4 instructions): the data of VERIFY, CHANGE REFERENCE DATA, RESET
 * RETRY COUNTER and GENERAL AUTHENTICATE (PINs, PUKs, PACE material), and the answer to GENERAL
 * AUTHENTICATE and to PSO DECIPHER (which may be a session key). The trace redacts them;
 * transports and cards wipe their copies of them; a connection that sent a command that may
 * authenticate resets the card when it disconnects, so no other program finds a PIN verified (the
 * card keeps a verification until it is reset or the application is selected again).
 */
public final class SecretCommands {
    private static final int INS_VERIFY = 0x20;
    private static final int INS_CHANGE_REFERENCE_DATA = 0x24;
    private static final int INS_RESET_RETRY_COUNTER = 0x2C;
    private static final int INS_EXTERNAL_AUTHENTICATE = 0x82;
    private static final int INS_GENERAL_AUTHENTICATE = 0x86;
    private static final int INS_PSO = 0x2A;

    private SecretCommands() {
    }

    /** True if the command's data field may hold a secret; false for anything shorter than a header. */
    public static boolean carriesSecret(byte[] command) {
        if (command == null || command.length < 4) {
            return false;
        }
        int ins = command[1] & 0xFE; // odd INS variants carry the same data, BER-TLV encoded
        return ins == INS_VERIFY || ins == INS_CHANGE_REFERENCE_DATA || ins == INS_RESET_RETRY_COUNTER
                || ins == INS_GENERAL_AUTHENTICATE;
    }

    /**
     * Overwrites a copy of a command with zeros if it carries a secret: for whoever made the copy
     * (a transport, a card), once it is sent or processed.
     */
    public static void wipeIfSecret(byte[] command) {
        if (carriesSecret(command)) {
            Arrays.fill(command, (byte) 0);
        }
    }

    /** True if the answer to the command may hold a secret. */
    public static boolean answerIsSecret(byte[] command) {
        if (command == null || command.length < 4) {
            return false;
        }
        int ins = command[1] & 0xFE;
        boolean decipher = ins == INS_PSO && (command[2] & 0xFF) == 0x80 && (command[3] & 0xFF) == 0x86;
        return decipher || ins == INS_GENERAL_AUTHENTICATE;
    }

    /**
     * Whether the command may set the card's security status: a PIN verified (also by CHANGE
     * REFERENCE DATA and RESET RETRY COUNTER, which many cards count as a verification), or an
     * authentication made. Counted when sent, whatever the card answers.
     */
    public static boolean mayAuthenticate(byte[] command) {
        return carriesSecret(command) || (command != null && command.length >= 4 && (command[1] & 0xFF) == INS_EXTERNAL_AUTHENTICATE);
    }
}

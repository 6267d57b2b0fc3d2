package io.github.eid4j.apdu;

/**
 * Which command APDUs carry a secret or leave the card in a state that a secret opened. The
 * trace redacts the first kind; a connection that sent the second kind resets the card when it
 * disconnects, so no other program finds a PIN verified (ISO/IEC 7816-4 §7.5: the card keeps a
 * verification until it is reset or the application is selected again).
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

    /**
     * VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER and GENERAL AUTHENTICATE: their data
     * field holds PINs, PUKs or PACE material.
     */
    public static boolean carriesSecret(byte[] command) {
        if (command.length < 4) {
            return false;
        }
        int ins = command[1] & 0xFE; // odd INS variants carry the same data, BER-TLV encoded
        return ins == INS_VERIFY || ins == INS_CHANGE_REFERENCE_DATA || ins == INS_RESET_RETRY_COUNTER
                || ins == INS_GENERAL_AUTHENTICATE;
    }

    /** The answers to PSO DECIPHER (maybe a session key) and GENERAL AUTHENTICATE (PACE material). */
    public static boolean answerIsSecret(byte[] command) {
        if (command.length < 4) {
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
        return carriesSecret(command) || (command.length >= 4 && (command[1] & 0xFF) == INS_EXTERNAL_AUTHENTICATE);
    }
}

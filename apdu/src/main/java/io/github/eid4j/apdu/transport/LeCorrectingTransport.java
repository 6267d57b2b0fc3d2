package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.SecretCommands;

/**
 * Resends a command once with the Le the card asked for when it answers 6Cxx ("wrong Le field;
 * xx is the exact number of available bytes"). Only once: a card that answers 6Cxx again gets
 * its answer passed up as it is rather than a loop.
 */
public final class LeCorrectingTransport extends TransportDecorator {

    public LeCorrectingTransport(CardTransport next) {
        super(next);
    }

    @Override
    public byte[] transmit(byte[] command) throws TransportException {
        byte[] response = responseOf(next, command);
        if (sw1(response) != 0x6C || command.length < 4) {
            return response;
        }
        byte[] resent = withShortLe(command, sw2(response));
        if (resent == null) {
            return response;
        }
        try {
            return responseOf(next, resent);
        } finally {
            SecretCommands.wipeIfSecret(resent);
        }
    }

    /** The command with its short Le replaced (or added); null if it cannot carry a short Le. */
    private static byte[] withShortLe(byte[] command, int le) {
        int n = command.length;
        if (n == 4) {
            return new byte[] {command[0], command[1], command[2], command[3], (byte) le};
        }
        int b5 = command[4] & 0xFF;
        if (n == 5) {
            byte[] out = command.clone();
            out[4] = (byte) le;
            return out;
        }
        if (b5 == 0) {
            return null; // extended: a card cannot have asked for a short Le here
        }
        if (n == 5 + b5) {
            byte[] out = java.util.Arrays.copyOf(command, n + 1);
            out[n] = (byte) le;
            return out;
        }
        if (n == 6 + b5) {
            byte[] out = command.clone();
            out[n - 1] = (byte) le;
            return out;
        }
        return null;
    }
}

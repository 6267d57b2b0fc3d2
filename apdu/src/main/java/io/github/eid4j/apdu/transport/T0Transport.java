package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.SecretCommands;

/**
 * Maps APDUs onto T=0, which carries either command data or an expected length, never both:
 * a case-4 command goes out as case 3, and the card's 61xx answer is then fetched by the
 * {@link GetResponseTransport} stacked above (ISO/IEC 7816-3 §12.2). Extended lengths do not
 * exist on T=0 and are refused with a clear error instead of being mangled.
 */
public final class T0Transport extends TransportDecorator {

    public T0Transport(CardTransport next) {
        super(next);
    }

    @Override
    public byte[] transmit(byte[] command) throws TransportException {
        // The header arithmetic of ISO 7816-3 12.1.3, without parsing or copying the command.
        int n = command.length;
        if (n > 5 && command[4] == 0) {
            throw new TransportException("The card speaks only T=0, which cannot carry extended-length APDUs.");
        }
        boolean caseFour = n > 5 && n == 6 + (command[4] & 0xFF);
        if (!caseFour) {
            return next.transmit(command);
        }
        byte[] caseThree = java.util.Arrays.copyOf(command, n - 1);
        try {
            return next.transmit(caseThree);
        } finally {
            SecretCommands.wipeIfSecret(caseThree);
        }
    }
}

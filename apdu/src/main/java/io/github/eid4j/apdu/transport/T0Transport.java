package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.ApduFormatException;
import io.github.eid4j.apdu.CommandApdu;

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
        CommandApdu apdu;
        try {
            apdu = CommandApdu.parse(command);
        } catch (ApduFormatException e) {
            return next.transmit(command); // let the card answer what it cannot parse, as it would
        }
        if (apdu.isExtended()) {
            throw new TransportException("The card speaks only T=0, which cannot carry extended-length APDUs.");
        }
        if (apdu.caseNumber() != 4) {
            return next.transmit(command);
        }
        return next.transmit(java.util.Arrays.copyOf(command, command.length - 1));
    }
}

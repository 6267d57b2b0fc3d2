package io.github.eid4j.apdu.pcsc;

import com.sun.jna.Function;
import com.sun.jna.IntegerType;
import com.sun.jna.Memory;
import io.github.eid4j.apdu.pcsc.ScardCodes.Phase;
import java.lang.reflect.Field;
import jnasmartcardio.Smartcardio;

/**
 * SCardTransmit on one connected card, through two native buffers of the connection's own: the
 * command is copied into one, the answer read from the other, and the bytes used in each are
 * zeroed after every exchange, because a command may carry a PIN and an answer a key.
 *
 * <p>jnasmartcardio's own transmit is not used: it copies every command into a Java array and
 * JNA copies that again into native memory, and neither copy is ever cleared. It also answers
 * 61xx and 6Cxx by itself, which the decorators of the transport stack do already. Touched only
 * on the connection's reader thread.
 */
final class WinscardTransmit {
    /** The largest command APDU: header, extended Lc, 65535 data bytes, extended Le. */
    private static final int MAX_COMMAND = 4 + 3 + 65535 + 2;
    /** SW1 SW2 plus the largest response data field, 65536 bytes. */
    private static final int MAX_RESPONSE = 65538;
    private static final int SCARD_PROTOCOL_T0 = 1;
    private static final int SCARD_PROTOCOL_T1 = 2;

    private final Winscard winscard;
    private final Function transmit;
    private final Object card;
    private final String readerName;
    /** SCARD_IO_REQUEST: DWORD dwProtocol, DWORD cbPciLength. */
    private final Memory sendPci;
    private final Memory responseLength;
    private final Memory command = new Memory(MAX_COMMAND);
    private final Memory response = new Memory(MAX_RESPONSE);

    private WinscardTransmit(Winscard winscard, long cardHandle, Protocol protocol, String readerName) {
        this.winscard = winscard;
        this.transmit = winscard.function("SCardTransmit");
        this.card = winscard.handle(cardHandle);
        this.readerName = readerName;
        sendPci = new Memory(2L * winscard.dwordSize);
        winscard.writeDword(sendPci, 0, protocol == Protocol.T0 ? SCARD_PROTOCOL_T0 : SCARD_PROTOCOL_T1);
        winscard.writeDword(sendPci, winscard.dwordSize, 2L * winscard.dwordSize);
        responseLength = new Memory(winscard.dwordSize);
    }

    /** Transmits on the card jnasmartcardio connected to, with the protocol it negotiated. */
    static WinscardTransmit of(Smartcardio.JnaCard card, String readerName) throws PcscException {
        Protocol protocol = "T=0".equals(card.getProtocol()) ? Protocol.T0 : Protocol.T1;
        return new WinscardTransmit(Winscard.get(), handleOf(card, readerName), protocol, readerName);
    }

    /** The SCARDHANDLE, which jnasmartcardio keeps private (0.2.7, the version the build pins). */
    private static long handleOf(Smartcardio.JnaCard card, String readerName) throws PcscException {
        try {
            Field handle = Smartcardio.JnaCard.class.getDeclaredField("scardHandle");
            handle.setAccessible(true);
            return ((IntegerType) handle.get(card)).longValue();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new PcscException(PcscFailure.OTHER, readerName, 0,
                    "This jnasmartcardio does not give eid4j its card handle; use version 0.2.7.", e);
        }
    }

    /** Sends one command APDU and returns the whole answer, status word included. */
    byte[] transmit(byte[] apdu) throws PcscException {
        int n = apdu.length;
        command.write(0, apdu, 0, n);
        winscard.writeDword(responseLength, 0, MAX_RESPONSE);
        long used = MAX_RESPONSE; // until the library says how much it wrote
        try {
            int rv = winscard.call(transmit, card, sendPci, command, winscard.dword(n), null, response, responseLength);
            if (rv != ScardCodes.SCARD_S_SUCCESS) {
                throw ScardCodes.exception(rv, readerName, Phase.SESSION, null);
            }
            used = Math.min(MAX_RESPONSE, winscard.readDword(responseLength, 0));
            return response.getByteArray(0, (int) used);
        } finally {
            command.clear(n);
            response.clear(used);
        }
    }
}

package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.ApduFormatException;
import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.SecretCommands;
import java.util.Arrays;

/**
 * Splits a command whose data field is longer than one short APDU can carry into a chain
 * (ISO/IEC 7816-4 §5.3.3): every part but the last has bit 5 of CLA (0x10) set and no Le. The
 * first part the card refuses ends the chain, and its answer is returned.
 *
 * <p>A command protected by secure messaging (CLA b4 b3 = 11) is never split here: each part of a
 * chain needs its own MAC, so {@link io.github.eid4j.apdu.sm.SecureMessagingTransport} chains the
 * plaintext itself, and a long protected command is one for a card that takes extended length.
 */
public final class ChainingTransport extends TransportDecorator {
    private final int maxChunk;

    public ChainingTransport(CardTransport next) {
        this(next, CommandApdu.MAX_SHORT_NC);
    }

    public ChainingTransport(CardTransport next, int maxChunk) {
        super(next);
        if (maxChunk < 1 || maxChunk > CommandApdu.MAX_SHORT_NC) {
            throw new IllegalArgumentException("A chained part carries 1 to 255 bytes, not " + maxChunk + ".");
        }
        this.maxChunk = maxChunk;
    }

    private static boolean isProtected(byte[] command) {
        return (command[0] & 0x80) == 0 && (command[0] & 0x0C) == 0x0C;
    }

    @Override
    public byte[] transmit(byte[] command) throws TransportException {
        // A short command (Lc in byte 5, not 00) that fits one part goes through untouched and unparsed.
        if (command.length <= 5 || command[4] != 0 && (command[4] & 0xFF) <= maxChunk || isProtected(command)) {
            return next.transmit(command);
        }
        CommandApdu apdu;
        try {
            apdu = CommandApdu.parse(command);
        } catch (ApduFormatException e) {
            return next.transmit(command);
        }
        if (apdu.nc() <= maxChunk) {
            return next.transmit(command);
        }
        boolean secret = SecretCommands.carriesSecret(command);
        byte[] data = apdu.data();
        try {
            int ne = Math.min(apdu.ne(), CommandApdu.MAX_SHORT_NE);
            for (int offset = 0; ; offset += maxChunk) {
                int end = Math.min(offset + maxChunk, data.length);
                boolean last = end == data.length;
                byte[] part = Arrays.copyOfRange(data, offset, end);
                CommandApdu piece = last
                        ? new CommandApdu(apdu.cla(), apdu.ins(), apdu.p1(), apdu.p2(), part, ne)
                        : new CommandApdu(apdu.cla() | 0x10, apdu.ins(), apdu.p1(), apdu.p2(), part, 0);
                byte[] encoded = piece.toBytes();
                if (secret) {
                    Arrays.fill(part, (byte) 0);
                    piece.close();
                }
                byte[] response;
                try {
                    response = responseOf(next, encoded);
                } finally {
                    SecretCommands.wipeIfSecret(encoded);
                }
                if (last || sw1(response) != 0x90 || sw2(response) != 0x00) {
                    return response;
                }
            }
        } finally {
            if (secret) {
                Arrays.fill(data, (byte) 0);
                apdu.close();
            }
        }
    }
}

package io.github.eid4j.apdu.sm;

import io.github.eid4j.apdu.ApduFormatException;
import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportDecorator;
import io.github.eid4j.apdu.transport.TransportException;
import java.util.Arrays;

/**
 * Secure messaging as a transport decorator: plain commands in, plain answers out, protected
 * APDUs below. It sits above the standard stack (trace, T=0, chaining, 6Cxx, GET RESPONSE), so
 * a protected answer that the card hands out through 61xx is collected before it is checked.
 *
 * <p>A command whose protected form would not fit a short APDU is sent as a chain of protected
 * commands (each part wrapped on its own, CLA bit 5 set on all but the last), unless the card
 * takes extended length, in which case it goes as one extended protected APDU.
 *
 * <p>Every answer's MAC is checked. The first answer that fails (a MAC that does not verify, an
 * answer in plaintext, 69 87 or 69 88 from a card that ended secure messaging) closes the
 * channel for good: the keys are wiped and every later command fails with the same sentence,
 * never falling back to plaintext.
 */
public final class SecureMessagingTransport extends TransportDecorator {
    private final SecureMessaging session;
    private final boolean extendedLength;
    private String closedBecause;

    /** Protects every command with {@code session}, which this transport now owns (it wipes it on close). */
    public SecureMessagingTransport(CardTransport next, SecureMessaging session, boolean extendedLength) {
        super(next);
        this.session = session;
        this.extendedLength = extendedLength;
    }

    /** The most plain data one protected command carries before it is chained. */
    public int maxCommandData() {
        return session.maxCommandData();
    }

    /** The most plain data one protected short answer carries: READ BINARY asks for no more. */
    public int maxResponseData() {
        return session.maxResponseData();
    }

    @Override
    public synchronized byte[] transmit(byte[] command) throws TransportException {
        if (closedBecause != null) {
            throw new SecureMessagingException(closedBecause);
        }
        CommandApdu plain;
        try {
            plain = CommandApdu.parse(command);
        } catch (ApduFormatException e) {
            throw new TransportException("The command to protect is not a command APDU: " + e.getMessage());
        }
        byte[] data = plain.data();
        try {
            int chunk = session.maxCommandData();
            if (extendedLength || data.length <= chunk) {
                return exchange(plain);
            }
            for (int offset = 0; ; offset += chunk) {
                int end = Math.min(offset + chunk, data.length);
                boolean last = end == data.length;
                byte[] part = Arrays.copyOfRange(data, offset, end);
                try (CommandApdu piece = last
                        ? new CommandApdu(plain.cla(), plain.ins(), plain.p1(), plain.p2(), part, plain.ne())
                        : new CommandApdu(plain.cla() | 0x10, plain.ins(), plain.p1(), plain.p2(), part, 0)) {
                    Arrays.fill(part, (byte) 0);
                    byte[] response = exchange(piece);
                    if (last || response[response.length - 2] != (byte) 0x90 || response[response.length - 1] != 0) {
                        return response;
                    }
                }
            }
        } finally {
            Arrays.fill(data, (byte) 0);
            plain.close();
        }
    }

    private byte[] exchange(CommandApdu plain) throws TransportException {
        byte[] wrapped = session.wrapCommand(plain);
        byte[] response = next.transmit(wrapped);
        if (response == null || response.length < 2) {
            throw closing("The card answered with " + (response == null ? 0 : response.length)
                    + " bytes, which is not a response APDU; the secure channel is closed.");
        }
        ResponseApdu answer;
        try {
            answer = session.unwrapResponse(response);
        } catch (SecureMessagingException e) {
            throw closing(e.getMessage());
        }
        return answer.toBytes();
    }

    private SecureMessagingException closing(String reason) {
        closedBecause = reason;
        session.close();
        return new SecureMessagingException(reason);
    }

    /** Whether a failure has closed the channel. */
    public synchronized boolean isClosed() {
        return closedBecause != null;
    }

    @Override
    public void close() {
        session.close();
        super.close();
    }
}

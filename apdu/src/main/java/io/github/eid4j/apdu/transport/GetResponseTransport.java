package io.github.eid4j.apdu.transport;

import java.io.ByteArrayOutputStream;

/**
 * Follows 61xx ("xx more bytes available") with GET RESPONSE until the card gives a final status,
 * and returns the concatenated data with that status. The number of rounds is bounded so that a
 * card that keeps answering 61xx cannot hang the host.
 */
public final class GetResponseTransport extends TransportDecorator {
    /** 256 rounds of 256 bytes cover the largest extended response. */
    public static final int DEFAULT_MAX_ROUNDS = 256;
    private static final int INS_GET_RESPONSE = 0xC0;

    private final int maxRounds;

    public GetResponseTransport(CardTransport next) {
        this(next, DEFAULT_MAX_ROUNDS);
    }

    public GetResponseTransport(CardTransport next, int maxRounds) {
        super(next);
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds must be at least 1, not " + maxRounds + ".");
        }
        this.maxRounds = maxRounds;
    }

    @Override
    public byte[] transmit(byte[] command) throws TransportException {
        byte[] response = responseOf(next, command);
        if (sw1(response) != 0x61) {
            return response; // the common case: no copy, no allocation
        }
        // GET RESPONSE keeps the logical channel of the command; proprietary classes use 00.
        int cla = command.length > 0 && (command[0] & 0x80) == 0 ? command[0] & 0x03 : 0x00;
        ByteArrayOutputStream data = new ByteArrayOutputStream(response.length + 256);
        for (int round = 0; round < maxRounds; round++) {
            data.write(response, 0, response.length - 2);
            int available = sw2(response);
            response = responseOf(next, new byte[] {(byte) cla, (byte) INS_GET_RESPONSE, 0x00, 0x00, (byte) available});
            if (sw1(response) != 0x61) {
                data.write(response, 0, response.length);
                return data.toByteArray();
            }
        }
        throw new TransportException("The card still had more data after " + maxRounds
                + " GET RESPONSE commands, so the exchange was abandoned.");
    }

    /** Whether {@code command} fetches the rest of the previous answer. */
    static boolean isGetResponse(byte[] command) {
        return command.length >= 4 && (command[1] & 0xFF) == INS_GET_RESPONSE;
    }
}

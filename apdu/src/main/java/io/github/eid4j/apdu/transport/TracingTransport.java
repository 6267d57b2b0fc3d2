package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.SecretCommands;
import io.github.eid4j.apdu.StatusWord;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Writes every exchange to a {@link System.Logger}, with the secrets taken out: the data field
 * of VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER and GENERAL AUTHENTICATE (PINs, PUKs,
 * PACE material) is replaced by its length, and so is the answer to GENERAL AUTHENTICATE and to
 * PSO DECIPHER (which may be a session key). Nothing is formatted unless the level is enabled,
 * so the trace costs nothing on the signing path when it is off.
 */
public final class TracingTransport extends TransportDecorator {
    private final Logger logger;
    private final Level level;

    /** Traces to the logger "io.github.eid4j.apdu" at DEBUG. */
    public TracingTransport(CardTransport next) {
        this(next, System.getLogger("io.github.eid4j.apdu"), Level.DEBUG);
    }

    public TracingTransport(CardTransport next, Logger logger, Level level) {
        super(next);
        this.logger = logger;
        this.level = level;
    }

    @Override
    public byte[] transmit(byte[] command) throws TransportException {
        if (!logger.isLoggable(level)) {
            return next.transmit(command);
        }
        logger.log(level, "> " + describeCommand(command));
        long start = System.nanoTime();
        try {
            byte[] response = next.transmit(command);
            long micros = (System.nanoTime() - start) / 1000;
            logger.log(level, "< " + describeResponse(command, response) + " in " + micros / 1000 + "." + (micros % 1000) / 100 + " ms");
            return response;
        } catch (TransportException e) {
            logger.log(level, "< failed: " + e.getMessage());
            throw e;
        }
    }

    /** The command as hex, with the data field of a secret-bearing command replaced by its length. */
    public static String describeCommand(byte[] command) {
        if (command.length <= 5 || !SecretCommands.carriesSecret(command)) {
            return Hex.spaced(command);
        }
        // Keep the header and the first length byte; everything after may be secret.
        return Hex.spaced(command, 0, 5) + " [" + (command.length - 5) + " bytes redacted]";
    }

    static String describeResponse(byte[] command, byte[] response) {
        if (response.length < 2) {
            return Hex.spaced(response) + " (not a response APDU)";
        }
        StatusWord sw = StatusWord.of(response[response.length - 2] & 0xFF, response[response.length - 1] & 0xFF);
        int dataLength = response.length - 2;
        if (dataLength > 0 && SecretCommands.answerIsSecret(command)) {
            return "[" + dataLength + " bytes redacted] " + sw;
        }
        return (dataLength > 0 ? Hex.spaced(response, 0, dataLength) + " " : "") + sw;
    }
}

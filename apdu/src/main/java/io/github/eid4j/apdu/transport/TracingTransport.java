package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.SecretCommands;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Writes every exchange to a {@link System.Logger}, one line each in the format of an APDU
 * recording ({@link ApduRecording}, docs/recordings.md), with the secrets taken out: the data
 * field of VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER and GENERAL AUTHENTICATE (PINs,
 * PUKs, PACE material) is replaced by its length, and so is the answer to GENERAL AUTHENTICATE
 * and to PSO DECIPHER (which may be a session key), also where a T=0 card hands it out through
 * GET RESPONSE. The lines of one card, in order, replay with
 * {@link ReplayTransport}. Nothing is formatted unless the level is enabled, so the trace costs
 * nothing on the signing path when it is off.
 *
 * <p>Above secure messaging ({@link Transports#secured}) a second trace shows the plain APDUs,
 * redacted the same way, as comment lines marked {@code # protected}: the wire lines below stay
 * what the card got, and a recording still replays.
 */
public final class TracingTransport extends TransportDecorator {
    /** The logger the trace goes to by default; only trace lines go there. */
    public static final String LOGGER = "io.github.eid4j.apdu";

    private final Logger logger;
    private final Level level;
    private final String prefix;
    /** The card answered a command whose answer is secret with 61xx: GET RESPONSE fetches the rest of the secret. */
    private boolean secretAnswerContinues;

    /** Traces to the logger "io.github.eid4j.apdu" at DEBUG. */
    public TracingTransport(CardTransport next) {
        this(next, System.getLogger(LOGGER), Level.DEBUG);
    }

    public TracingTransport(CardTransport next, Logger logger, Level level) {
        this(next, logger, level, false);
    }

    /** With {@code protectedChannel}, the lines are the plain APDUs of a secure channel, written as marked comments. */
    public TracingTransport(CardTransport next, Logger logger, Level level, boolean protectedChannel) {
        super(next);
        this.logger = logger;
        this.level = level;
        this.prefix = protectedChannel ? RecordingFormat.PROTECTED : "";
    }

    /** Starts a card's session in the trace: its ATR and the protocol the connection speaks. */
    public void cardConnected(byte[] atr, boolean t0) {
        if (logger.isLoggable(level)) {
            logger.log(level, RecordingFormat.atrLine(atr));
            logger.log(level, RecordingFormat.protocolLine(t0));
        }
    }

    @Override
    public synchronized byte[] transmit(byte[] command) throws TransportException {
        if (!logger.isLoggable(level)) {
            return next.transmit(command);
        }
        boolean secretAnswer = SecretCommands.answerIsSecret(command)
                || secretAnswerContinues && GetResponseTransport.isGetResponse(command);
        secretAnswerContinues = false;
        logger.log(level, prefix + RecordingFormat.commandLine(command));
        long start = System.nanoTime();
        try {
            byte[] response = next.transmit(command);
            logger.log(level, prefix + RecordingFormat.responseLine(secretAnswer, response, System.nanoTime() - start));
            secretAnswerContinues = secretAnswer && response.length >= 2 && sw1(response) == 0x61;
            return response;
        } catch (TransportException e) {
            logger.log(level, prefix + RecordingFormat.failureLine(e.getMessage()));
            throw e;
        }
    }

    /** The command as hex, with the data field of a secret-bearing command replaced by its length. */
    public static String describeCommand(byte[] command) {
        return RecordingFormat.command(command);
    }
}

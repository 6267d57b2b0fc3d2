package io.github.eid4j.apdu.pcsc;

import io.github.eid4j.apdu.transport.CardTimeout;
import java.time.Duration;
import java.util.Locale;

/**
 * What went wrong in a PC/SC operation, as far as a caller needs to react to it: start the
 * service, plug in a reader, insert a card, wait for the other program, reconnect, or report.
 * Each constant writes the one sentence a {@link PcscException} shows to the user.
 */
public enum PcscFailure {
    /** The PC/SC service is not running or went away (SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED, no context). */
    SERVICE_NOT_RUNNING,
    /** The PC/SC library itself (libpcsclite, winscard) could not be loaded. */
    LIBRARY_MISSING,
    /** No reader at all is connected (SCARD_E_NO_READERS_AVAILABLE, an empty reader list). */
    NO_READER,
    /** The named reader does not exist (SCARD_E_UNKNOWN_READER, or a reader index out of range). */
    UNKNOWN_READER,
    /** There is no card in the reader when connecting (SCARD_E_NO_SMARTCARD, SCARD_W_REMOVED_CARD at connect). */
    NO_CARD,
    /** The card was removed during a session (SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD after connecting). */
    CARD_REMOVED,
    /** Another program reset or powered down the card, so the session state is lost (SCARD_W_RESET_CARD, SCARD_W_UNPOWERED_CARD). */
    CARD_RESET,
    /** The card does not answer to reset (SCARD_W_UNRESPONSIVE_CARD), typically inserted the wrong way round. */
    CARD_UNRESPONSIVE,
    /** The card cannot use the requested protocol (SCARD_E_PROTO_MISMATCH), or T=0 cannot carry the command. */
    PROTOCOL_MISMATCH,
    /** The reader was unplugged or is no longer usable (SCARD_E_READER_UNAVAILABLE). */
    READER_REMOVED,
    /** Another program holds the card exclusively, or holds it shared when exclusive access was asked (SCARD_E_SHARING_VIOLATION). */
    SHARING_VIOLATION,
    /** The connection was closed by this program. */
    CLOSED,
    /** The calling thread was interrupted while it waited for the reader. */
    INTERRUPTED,
    /** The card did not answer within the time limit ({@link CardTimeout}); the connection is given up. */
    NO_ANSWER,
    /** Any other PC/SC error. */
    OTHER;

    /**
     * The user-facing sentence for this failure.
     *
     * @param reader the reader's name, or null when the failure concerns no single reader
     * @param code the PC/SC return code, or 0 when there is none; shown for {@link #OTHER} only
     */
    String sentence(String reader, int code) {
        String r = reader == null ? null : "'" + reader + "'";
        switch (this) {
            case SERVICE_NOT_RUNNING:
                return serviceSentence();
            case LIBRARY_MISSING:
                return libraryName() + " cannot be loaded; install the PC/SC service (on Debian and Ubuntu: apt install pcscd).";
            case NO_READER:
                return "No card reader is connected.";
            case UNKNOWN_READER:
                return r == null ? "The card reader is not connected." : "There is no card reader named " + r + ".";
            case NO_CARD:
                return r == null ? "There is no card in the reader." : "There is no card in reader " + r + ".";
            case CARD_REMOVED:
                return r == null ? "The card was removed from the reader." : "The card was removed from reader " + r + ".";
            case CARD_RESET:
                return "The card in reader " + orThe(r) + " was reset by another program, so the session was lost; connect again.";
            case CARD_UNRESPONSIVE:
                return "The card in reader " + orThe(r) + " does not respond; check that it is inserted the right way round.";
            case PROTOCOL_MISMATCH:
                return "The card in reader " + orThe(r) + " does not support the requested transmission protocol.";
            case READER_REMOVED:
                return r == null ? "The card reader was disconnected." : "Reader " + r + " was disconnected.";
            case SHARING_VIOLATION:
                return "Another program is using the card in reader " + orThe(r) + " exclusively.";
            case CLOSED:
                return "The connection to the card in reader " + orThe(r) + " is closed.";
            case INTERRUPTED:
                return "The wait for reader " + orThe(r) + " was interrupted.";
            case NO_ANSWER:
                return "The card in reader " + orThe(r) + " did not answer; remove it and insert it again.";
            default:
                String what = code == 0 ? "" : " (" + ScardCodes.describe(code) + ")";
                return r == null ? "The PC/SC service reported an error" + what + "."
                        : "Reader " + r + " reported an error" + what + ".";
        }
    }

    /** {@link #NO_ANSWER} with the limit that passed: one sentence the user can act on. */
    static PcscException noAnswer(String reader, Duration limit) {
        String sentence = "The card in reader '" + reader + "' did not answer within " + CardTimeout.describe(limit)
                + "; remove it and insert it again.";
        return new PcscException(NO_ANSWER, reader, 0, sentence, null);
    }

    private static String orThe(String quotedReader) {
        return quotedReader == null ? "(unnamed)" : quotedReader;
    }

    private static String os() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    }

    private static String serviceSentence() {
        String os = os();
        if (os.startsWith("windows")) {
            return "The Windows Smart Card service (SCardSvr) is not running; start it in Services.";
        }
        if (os.startsWith("mac")) {
            return "The macOS smart card service is not running; connect a reader or restart the computer.";
        }
        return "The PC/SC service (pcscd) is not running; start it with 'systemctl start pcscd'.";
    }

    private static String libraryName() {
        String os = os();
        if (os.startsWith("windows")) {
            return "The PC/SC library (winscard.dll)";
        }
        if (os.startsWith("mac")) {
            return "The PC/SC framework";
        }
        return "The PC/SC library (libpcsclite.so.1)";
    }
}

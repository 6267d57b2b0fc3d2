package io.github.eid4j.apdu.pcsc;

import java.util.Map;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import jnasmartcardio.Smartcardio;

/** PC/SC return codes and their mapping to {@link PcscException}. */
final class ScardCodes {
    static final int SCARD_S_SUCCESS = 0;
    static final int SCARD_E_INSUFFICIENT_BUFFER = 0x80100008;
    static final int SCARD_E_UNKNOWN_READER = 0x80100009;
    static final int SCARD_E_TIMEOUT = 0x8010000A;
    static final int SCARD_E_SHARING_VIOLATION = 0x8010000B;
    static final int SCARD_E_NO_SMARTCARD = 0x8010000C;
    static final int SCARD_E_PROTO_MISMATCH = 0x8010000F;
    static final int SCARD_E_NOT_TRANSACTED = 0x80100016;
    static final int SCARD_E_READER_UNAVAILABLE = 0x80100017;
    static final int SCARD_E_NO_SERVICE = 0x8010001D;
    static final int SCARD_E_SERVICE_STOPPED = 0x8010001E;
    static final int SCARD_E_NO_READERS_AVAILABLE = 0x8010002E;
    static final int SCARD_W_UNRESPONSIVE_CARD = 0x80100066;
    static final int SCARD_W_UNPOWERED_CARD = 0x80100067;
    static final int SCARD_W_RESET_CARD = 0x80100068;
    static final int SCARD_W_REMOVED_CARD = 0x80100069;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x80100001, "SCARD_F_INTERNAL_ERROR"),
            Map.entry(0x80100002, "SCARD_E_CANCELLED"),
            Map.entry(0x80100003, "SCARD_E_INVALID_HANDLE"),
            Map.entry(0x80100004, "SCARD_E_INVALID_PARAMETER"),
            Map.entry(0x80100006, "SCARD_E_NO_MEMORY"),
            Map.entry(SCARD_E_INSUFFICIENT_BUFFER, "SCARD_E_INSUFFICIENT_BUFFER"),
            Map.entry(SCARD_E_UNKNOWN_READER, "SCARD_E_UNKNOWN_READER"),
            Map.entry(SCARD_E_TIMEOUT, "SCARD_E_TIMEOUT"),
            Map.entry(SCARD_E_SHARING_VIOLATION, "SCARD_E_SHARING_VIOLATION"),
            Map.entry(SCARD_E_NO_SMARTCARD, "SCARD_E_NO_SMARTCARD"),
            Map.entry(SCARD_E_PROTO_MISMATCH, "SCARD_E_PROTO_MISMATCH"),
            Map.entry(0x80100010, "SCARD_E_NOT_READY"),
            Map.entry(0x80100011, "SCARD_E_INVALID_VALUE"),
            Map.entry(0x80100013, "SCARD_F_COMM_ERROR"),
            Map.entry(SCARD_E_NOT_TRANSACTED, "SCARD_E_NOT_TRANSACTED"),
            Map.entry(SCARD_E_READER_UNAVAILABLE, "SCARD_E_READER_UNAVAILABLE"),
            Map.entry(SCARD_E_NO_SERVICE, "SCARD_E_NO_SERVICE"),
            Map.entry(SCARD_E_SERVICE_STOPPED, "SCARD_E_SERVICE_STOPPED"),
            Map.entry(0x8010001F, "SCARD_E_UNSUPPORTED_FEATURE"),
            Map.entry(SCARD_E_NO_READERS_AVAILABLE, "SCARD_E_NO_READERS_AVAILABLE"),
            Map.entry(0x8010002F, "SCARD_E_COMM_DATA_LOST"),
            Map.entry(0x80100031, "SCARD_E_SERVER_TOO_BUSY"),
            Map.entry(SCARD_W_UNRESPONSIVE_CARD, "SCARD_W_UNRESPONSIVE_CARD"),
            Map.entry(SCARD_W_UNPOWERED_CARD, "SCARD_W_UNPOWERED_CARD"),
            Map.entry(SCARD_W_RESET_CARD, "SCARD_W_RESET_CARD"),
            Map.entry(SCARD_W_REMOVED_CARD, "SCARD_W_REMOVED_CARD"));

    /** Where in a connection's life an error happened: the same code means different things. */
    enum Phase {
        /** Establishing a context with the service. */
        ESTABLISH,
        /** Listing readers or reading their state. */
        LIST,
        /** Connecting to a card. */
        CONNECT,
        /** Using a connected card: transmit, transactions, disconnect. */
        SESSION
    }

    private ScardCodes() {
    }

    /** "SCARD_W_REMOVED_CARD 0x80100069", or just the hex value for codes without a name here. */
    static String describe(int code) {
        String name = NAMES.get(code);
        String hex = String.format("0x%08X", code);
        return name == null ? hex : name + " " + hex;
    }

    static PcscFailure failureOf(int code, Phase phase) {
        switch (code) {
            case SCARD_E_NO_SERVICE:
            case SCARD_E_SERVICE_STOPPED:
                return PcscFailure.SERVICE_NOT_RUNNING;
            case SCARD_E_NO_READERS_AVAILABLE:
                return PcscFailure.NO_READER;
            case SCARD_E_UNKNOWN_READER:
                return PcscFailure.UNKNOWN_READER;
            case SCARD_E_NO_SMARTCARD:
            case SCARD_W_REMOVED_CARD:
                return phase == Phase.SESSION ? PcscFailure.CARD_REMOVED : PcscFailure.NO_CARD;
            case SCARD_W_RESET_CARD:
            case SCARD_W_UNPOWERED_CARD:
                return PcscFailure.CARD_RESET;
            case SCARD_W_UNRESPONSIVE_CARD:
                return PcscFailure.CARD_UNRESPONSIVE;
            case SCARD_E_PROTO_MISMATCH:
                return PcscFailure.PROTOCOL_MISMATCH;
            case SCARD_E_READER_UNAVAILABLE:
                return PcscFailure.READER_REMOVED;
            case SCARD_E_SHARING_VIOLATION:
                return PcscFailure.SHARING_VIOLATION;
            default:
                // Whatever keeps a context from being established means the service is not usable.
                return phase == Phase.ESTABLISH ? PcscFailure.SERVICE_NOT_RUNNING : PcscFailure.OTHER;
        }
    }

    static PcscException exception(int code, String reader, Phase phase, Throwable cause) {
        return new PcscException(failureOf(code, phase), reader, code, cause);
    }

    /**
     * Maps anything the PC/SC layer (javax.smartcardio, jnasmartcardio, JNA) threw to a
     * {@link PcscException}; a {@link PcscException} is returned as it is.
     */
    static PcscException map(Throwable t, String reader, Phase phase) {
        if (t instanceof PcscException) {
            return (PcscException) t;
        }
        if (isLinkageProblem(t)) {
            return new PcscException(PcscFailure.LIBRARY_MISSING, null, 0, t);
        }
        if (t instanceof Smartcardio.EstablishContextException) {
            Smartcardio.JnaPCSCException cause = ((Smartcardio.EstablishContextException) t).getCause();
            int code = cause == null ? 0 : (int) cause.code;
            return exception(code, reader, Phase.ESTABLISH, t);
        }
        if (t instanceof Smartcardio.JnaPCSCException) {
            return exception((int) ((Smartcardio.JnaPCSCException) t).code, reader, phase, t);
        }
        if (t instanceof Smartcardio.JnaCardNotPresentException) {
            int code = (int) ((Smartcardio.JnaCardNotPresentException) t).code;
            return exception(code == 0 ? SCARD_W_REMOVED_CARD : code, reader, phase, t);
        }
        if (t instanceof CardNotPresentException) {
            return exception(SCARD_W_REMOVED_CARD, reader, phase, t);
        }
        if (t instanceof CardException && t.getCause() != null && t.getCause() != t) {
            return map(t.getCause(), reader, phase);
        }
        return new PcscException(phase == Phase.ESTABLISH ? PcscFailure.SERVICE_NOT_RUNNING : PcscFailure.OTHER,
                reader, 0, t);
    }

    private static boolean isLinkageProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof LinkageError) {
                return true;
            }
        }
        return false;
    }
}

package io.github.eid4j.apdu.pcsc;

import io.github.eid4j.apdu.transport.TransportException;
import java.util.Optional;

/**
 * A PC/SC operation that failed. {@link #failure()} says what to do about it, the message is
 * one sentence for the user, and the cause (if any) keeps the technical detail from the PC/SC
 * layer.
 */
public class PcscException extends TransportException {
    private static final long serialVersionUID = 1L;

    private final PcscFailure failure;
    private final String reader;
    private final int code;

    /**
     * @param failure what went wrong
     * @param reader the reader's name, or null when the failure concerns no single reader
     * @param code the PC/SC return code (an SCARD_E_* or SCARD_W_* value), 0 if there is none
     * @param cause the exception from the PC/SC layer, or null
     */
    public PcscException(PcscFailure failure, String reader, int code, Throwable cause) {
        this(failure, reader, code, failure.sentence(reader, code), cause);
    }

    /** As {@link #PcscException(PcscFailure, String, int, Throwable)}, with a message of the caller's. */
    public PcscException(PcscFailure failure, String reader, int code, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.reader = reader;
        this.code = code;
    }

    public PcscException(PcscFailure failure, String reader) {
        this(failure, reader, 0, null);
    }

    public PcscFailure failure() {
        return failure;
    }

    /** The reader the failure concerns, if it concerns one. */
    public Optional<String> reader() {
        return Optional.ofNullable(reader);
    }

    /** The PC/SC return code (for example {@code 0x80100069} for SCARD_W_REMOVED_CARD), 0 if there is none. */
    public int code() {
        return code;
    }
}

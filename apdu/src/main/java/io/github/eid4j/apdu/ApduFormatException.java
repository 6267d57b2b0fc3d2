package io.github.eid4j.apdu;

/**
 * Bytes that are not a well-formed APDU or TLV object, or text that is not a recording of APDUs.
 * The message is one sentence that says what is wrong (for a recording, on which line), so that
 * a caller can show it to a user as it is.
 */
public class ApduFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ApduFormatException(String message) {
        super(message);
    }
}

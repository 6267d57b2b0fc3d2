package io.github.eid4j.apdu.tlv;

import io.github.eid4j.apdu.ApduFormatException;

/**
 * Bytes that are not well-formed BER-TLV, or a tag or object that cannot be encoded as BER-TLV.
 * The message is one sentence naming the problem and, for parsed input, the byte offset where
 * the offending object starts, so that a trace of the card's answer can be checked by hand.
 */
public class TlvFormatException extends ApduFormatException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /** A problem in parsed input, found at {@code offset}. */
    public TlvFormatException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** A problem that is not tied to a place in parsed input, such as an invalid tag value. */
    public TlvFormatException(String message) {
        this(message, -1);
    }

    /**
     * The offset, in the bytes handed to the parser, of the object (or padding byte) at fault;
     * -1 when the problem did not come from parsing.
     */
    public int offset() {
        return offset;
    }
}

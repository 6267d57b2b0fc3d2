package io.github.eid4j.card.pkcs15;

/**
 * Bytes that are not a well-formed PKCS#15 (ISO/IEC 7816-15) structure, or a structure that
 * eid4j does not support. The message is one sentence naming the structure and the problem, so
 * that a dump of a real card's file can be checked by hand; the ASN.1 library's own exception,
 * if there was one, is the cause.
 */
public class Pkcs15FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Pkcs15FormatException(String message) {
        super(message);
    }

    public Pkcs15FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

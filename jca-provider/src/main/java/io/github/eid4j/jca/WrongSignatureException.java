package io.github.eid4j.jca;

/**
 * The card returned a signature that does not verify with its key's certificate: a faulty or
 * hostile card. The signature is not handed out (a faulty RSA signature can give the key away),
 * so nothing signed with it reaches a peer or a file. The PIN was right.
 */
public final class WrongSignatureException extends Eid4jException {
    private static final long serialVersionUID = 1L;

    public WrongSignatureException(String message) {
        super(message);
    }
}

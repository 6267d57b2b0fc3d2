package io.github.eid4j.card;

/**
 * The PIN is still the one the issuer sent, and the card accepts it only to change it: nothing
 * else works until the holder has chosen a PIN of their own (the Luxembourg eID's first use).
 */
public final class PinChangeRequiredException extends EidException {
    private static final long serialVersionUID = 1L;
    /** What the user is told, by this exception and by a status display. */
    public static final String SENTENCE = "You must change the PIN from your letter before you can use the card.";

    public PinChangeRequiredException() {
        super(SENTENCE);
    }
}

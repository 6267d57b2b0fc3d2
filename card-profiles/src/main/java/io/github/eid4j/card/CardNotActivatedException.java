package io.github.eid4j.card;

/** The card has no user PINs yet: it must first be activated with the code from the issuer's letter. */
public final class CardNotActivatedException extends EidException {
    private static final long serialVersionUID = 1L;

    public CardNotActivatedException(String pin) {
        super(pin + " is not set yet: activate the card first with 'eid activate' and the activation code from your letter.");
    }
}

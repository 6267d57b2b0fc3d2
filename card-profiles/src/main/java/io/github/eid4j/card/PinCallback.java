package io.github.eid4j.card;

/**
 * Asks the user for a PIN. Each front end answers in its own way: a terminal prompt, a JCA
 * CallbackHandler, a PKCS#11 C_Login, a dialog. The card wipes the returned array after use.
 */
@FunctionalInterface
public interface PinCallback {

    /**
     * @return the value typed, as characters (wiped by the caller after use)
     * @throws CancelledPinEntryException if the user cancels
     */
    char[] ask(PinRequest request) throws CancelledPinEntryException;
}

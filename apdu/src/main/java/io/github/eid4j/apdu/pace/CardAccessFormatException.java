package io.github.eid4j.apdu.pace;

import io.github.eid4j.apdu.ApduFormatException;

/** EF.CardAccess is not a set of SecurityInfos; the message says what is wrong, in one sentence. */
public class CardAccessFormatException extends ApduFormatException {
    private static final long serialVersionUID = 1L;

    public CardAccessFormatException(String message) {
        super(message);
    }
}

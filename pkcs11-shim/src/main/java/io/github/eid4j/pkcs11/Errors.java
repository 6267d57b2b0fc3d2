package io.github.eid4j.pkcs11;

import io.github.eid4j.card.CanException;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardNotActivatedException;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.BlockedPinException;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.PinChangeRequiredException;
import io.github.eid4j.card.PinFormatException;
import io.github.eid4j.card.WrongPinException;

/** The token model's typed errors in PKCS#11's vocabulary. */
final class Errors {
    private Errors() {
    }

    /** The error as a CKR_ value; its message is said on stderr in debug mode, when the call returns. */
    static CkrException of(EidException e) {
        return new CkrException(rv(e), e.getMessage());
    }

    static long rv(EidException e) {
        if (e instanceof WrongPinException) {
            return Ck.CKR_PIN_INCORRECT;
        }
        if (e instanceof BlockedPinException) {
            return Ck.CKR_PIN_LOCKED;
        }
        if (e instanceof PinFormatException format) {
            return format.reason() == PinFormatException.Reason.CHARACTERS ? Ck.CKR_PIN_INVALID : Ck.CKR_PIN_LEN_RANGE;
        }
        if (e instanceof PinChangeRequiredException) {
            return Ck.CKR_PIN_EXPIRED; // the issuer's PIN: C_SetPIN in a read/write session replaces it
        }
        if (e instanceof CardNotActivatedException) {
            return Ck.CKR_USER_PIN_NOT_INITIALIZED;
        }
        if (e instanceof CancelledPinEntryException) {
            // The module never prompts: a PIN the card asks for that C_Login did not give.
            return Ck.CKR_USER_NOT_LOGGED_IN;
        }
        if (e instanceof CanException) {
            // The card is there but opens only with its CAN, which the module cannot ask for
            // (docs/luxembourg.md): remembered with 'eid ... --remember-can', or wrong.
            return Ck.CKR_TOKEN_NOT_RECOGNIZED;
        }
        if (e instanceof CardAccessException access) {
            switch (access.reason()) {
                case NO_CARD:
                case CARD_REMOVED:
                    return Ck.CKR_DEVICE_REMOVED;
                case UNSUPPORTED_CARD:
                    return Ck.CKR_TOKEN_NOT_RECOGNIZED;
                case NO_ANSWER:
                    return Ck.CKR_DEVICE_ERROR; // the card was dropped; inserting it again brings it back
                default:
                    return Ck.CKR_DEVICE_ERROR;
            }
        }
        return Ck.CKR_FUNCTION_FAILED;
    }
}

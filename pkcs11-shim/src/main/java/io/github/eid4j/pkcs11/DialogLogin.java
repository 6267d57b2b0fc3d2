package io.github.eid4j.pkcs11;

import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.OneTimePin;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinPad;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.PinStatus;
import io.github.eid4j.pkcs11.dialog.DialogRequest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * C_Login with a NULL PIN: the protected authentication path, where the module asks for the PIN
 * itself in its own dialog ({@link PinDialogProgram}). The dialog names the card and its holder,
 * the PIN with its rules and tries left; a wrong PIN is told in the token model's words (the
 * CLI's: "Wrong PIN1: 2 tries left before it is blocked.") and asked again in the same window,
 * each try spent once on the card; a blocked PIN is told with what to do, and the login fails.
 * The dialog is up outside any card transaction, so other programs may use the card meanwhile.
 * In a reader with a PIN pad the PIN is typed on the reader's keypad and the window only says so.
 */
final class DialogLogin {
    private DialogLogin() {
    }

    /**
     * Asks until the card accepts the PIN, the user cancels or the time passes: in the module's
     * window, or on the reader's keypad (the window, where it can be shown, says so and tells a
     * wrong PIN as it does for a typed one).
     *
     * @param program the dialog, or null where none can be shown
     * @param pad the reader's PIN pad, or null
     * @param keep whether to return the accepted PIN (a context-specific login keeps it for its signature)
     * @return the PIN the card accepted if {@code keep} and it was typed in the window (the caller
     *     owns and wipes it), else null
     */
    static char[] verify(Token token, PinDialogProgram program, PinPad pad, boolean keep) {
        if (pad != null) {
            if (program == null) {
                onPinPad(token, pad);
                return null;
            }
            try (PinDialogProcess dialog = program.start()) {
                onPinPad(token, pad, dialog);
                return null;
            }
        }
        try (PinDialogProcess dialog = program.start()) {
            return inWindow(token, dialog, keep);
        }
    }

    private static char[] inWindow(Token token, PinDialogProcess dialog, boolean keep) {
        PinInfo pin = token.pin();
        String message = "";
        while (true) {
            int triesLeft = usableTriesLeft(token, dialog);
            char[] value = dialog.ask(request(token, DialogRequest.Kind.PIN, triesLeft, message));
            try {
                PinArgument.checkCurrent(pin, value);
                try (OneTimePin verification = OneTimePin.only(pin, value.clone())) {
                    token.card().verify(pin, verification);
                }
                return keep ? value.clone() : null;
            } catch (CkrException e) {
                message = afterRefusal(token, dialog, e); // one try spent; the same window asks again
            } finally {
                Arrays.fill(value, '\0');
            }
        }
    }

    /** The PIN typed on the reader's keypad while the window says so; a wrong one is told and asked again. */
    private static void onPinPad(Token token, PinPad pad, PinDialogProcess dialog) {
        String message = "";
        while (true) {
            int triesLeft = usableTriesLeft(token, dialog);
            dialog.show(request(token, DialogRequest.Kind.PINPAD, triesLeft, message));
            try {
                onPinPad(token, pad);
                return;
            } catch (CkrException e) {
                message = afterRefusal(token, dialog, e);
            }
        }
    }

    private static void onPinPad(Token token, PinPad pad) {
        try {
            token.card().verify(token.pin(), pad);
        } catch (CkrException e) {
            if (e.rv() == Ck.CKR_USER_NOT_LOGGED_IN) { // the reader answered "cancelled" or "timed out" (64 01, 64 00)
                throw new CkrException(Ck.CKR_FUNCTION_CANCELED, "The PIN entry on the reader was cancelled or timed out.");
            }
            throw e;
        }
    }

    /** The tries left of a PIN the card will take; a blocked one (or one to change) is told, and the login fails. */
    private static int usableTriesLeft(Token token, PinDialogProcess dialog) {
        PinStatus status = token.card().status(token.pin());
        if (!status.isActivated() || status.isBlocked() || status.isChangeRequired()) {
            CkrException refusal = refusal(token);
            dialog.tell(notice(token, refusal.getMessage()));
            throw refusal;
        }
        return status.triesLeft();
    }

    /**
     * After the card refused a PIN: a wrong one's sentence (the CLI's words) for the next request;
     * a blocked one is told, and the login fails with it.
     */
    private static String afterRefusal(Token token, PinDialogProcess dialog, CkrException e) {
        if (e.rv() == Ck.CKR_PIN_INCORRECT && e.getMessage() != null) {
            return e.getMessage();
        }
        if (e.rv() == Ck.CKR_PIN_LOCKED && e.getMessage() != null) {
            dialog.tell(notice(token, e.getMessage()));
        }
        throw e;
    }

    /**
     * Answers a card's question for its CAN (the Luxembourg eID, behind PACE): the configured
     * answer first, else the dialog asks; a cancel or the time limit leaves the card without a token.
     */
    static PinCallback canAnswers(PinCallback configured, PinDialogProgram program) {
        return request -> {
            try {
                return configured.ask(request);
            } catch (CancelledPinEntryException none) {
                PinInfo can = request.pin();
                try (PinDialogProcess dialog = program.start()) {
                    return dialog.ask(new DialogRequest(DialogRequest.Kind.CAN, "Your ID card", "", request.prompt(), can.rules(),
                            can.minLength(), can.maxLength(), "", 0));
                } catch (CkrException e) {
                    Log.debug(e.getMessage());
                    throw new CancelledPinEntryException();
                }
            }
        };
    }

    /** What the card says of a PIN it will not take (blocked, not set, to be changed): its sentence, no try spent. */
    private static CkrException refusal(Token token) {
        try {
            token.card().verify(token.pin(), OneTimePin.none());
        } catch (CkrException e) {
            return e;
        }
        return new CkrException(Ck.CKR_FUNCTION_FAILED, token.pin().label() + " cannot be used now.");
    }

    private static DialogRequest request(Token token, DialogRequest.Kind kind, int triesLeft, String message) {
        PinInfo pin = token.pin();
        return new DialogRequest(kind, token.model(), holder(token),
                new PinRequest(pin, PinRequest.Step.CURRENT, triesLeft).prompt(), pin.rules(), pin.minLength(), pin.maxLength(),
                message, 0);
    }

    private static DialogRequest notice(Token token, String sentence) {
        return new DialogRequest(DialogRequest.Kind.NOTICE, token.model(), holder(token), sentence, "", 0, 0, "", 0);
    }

    /** The holder's name from the certificate of one of the token's keys (its subject's CN), or "". */
    static String holder(Token token) {
        for (TokenObject o : token.allObjects()) {
            if (o.isPrivateKey() && o.key().certificate() != null) {
                return commonName(o.key().certificate());
            }
        }
        return "";
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // no name to show
        }
        return "";
    }
}

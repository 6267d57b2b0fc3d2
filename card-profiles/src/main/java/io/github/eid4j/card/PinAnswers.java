package io.github.eid4j.card;

import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.StatusWord;

/** What the status word of VERIFY, CHANGE REFERENCE DATA or RESET RETRY COUNTER means for the user. */
public final class PinAnswers {
    private PinAnswers() {
    }

    /**
     * Returns normally on 9000; otherwise throws the error a user understands.
     *
     * @param checked the PIN or PUK whose value the card compared
     * @param blockedRemedy what to do when it is blocked, e.g. "unblock it with 'eid unblock pin1' and your PUK."
     */
    public static void check(ResponseApdu r, PinInfo checked, String blockedRemedy, String step) throws EidException {
        StatusWord sw = r.statusWord();
        if (sw.isSuccess()) {
            return;
        }
        if (sw.triesLeft().isPresent()) {
            int left = sw.triesLeft().getAsInt();
            if (left == 0) {
                throw new BlockedPinException(checked.label(), blockedRemedy);
            }
            throw new WrongPinException(checked.label(), left);
        }
        if (sw.value() == 0x6983) {
            throw new BlockedPinException(checked.label(), blockedRemedy);
        }
        if (sw.value() == 0x6984) {
            throw new CardNotActivatedException(checked.label());
        }
        if (sw.value() == 0x6A80 || sw.value() == 0x6700) {
            throw new PinFormatException("The card refused the new " + checked.label() + " as not following its rules ("
                    + checked.minLength() + " to " + checked.maxLength() + " digits).");
        }
        throw CardErrors.unexpected(step, sw);
    }
}

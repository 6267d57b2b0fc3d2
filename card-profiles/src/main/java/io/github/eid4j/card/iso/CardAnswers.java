package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.StatusWord;
import io.github.eid4j.card.BlockedPinException;
import io.github.eid4j.card.CardErrors;
import io.github.eid4j.card.CardNotActivatedException;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.PinFormatException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.WrongPinException;

/**
 * What a card's status word means for the user, in one place for every driver (OpenSC's
 * {@code iso7816_errors[]}): a wrong PIN with the tries left, a blocked PIN with its remedy, a
 * refused format, an operation refused for want of a PIN, or one sentence naming the step.
 */
public final class CardAnswers {
    private CardAnswers() {
    }

    /**
     * The answer to VERIFY, CHANGE REFERENCE DATA or RESET RETRY COUNTER: returns normally on
     * 9000, otherwise throws the error a user understands.
     *
     * @param checked the PIN or PUK whose value the card compared
     * @param blockedRemedy what to do when it is blocked, e.g. "unblock it with 'eid unblock pin1' and your PUK."
     */
    public static void checkPin(ResponseApdu r, PinInfo checked, String blockedRemedy, String step) throws EidException {
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
                    + checked.rules() + ").");
        }
        throw CardErrors.unexpected(step, sw);
    }

    /** Any other command: 9000 or the step in one sentence; 6982 says that a PIN is missing. */
    public static void requireSuccess(ResponseApdu r, String step) throws EidException {
        if (r.sw() == 0x6982) {
            throw new EidException("The card refused to " + step + " because its PIN is not verified.");
        }
        if (!r.isSuccess()) {
            throw CardErrors.unexpected(step, r.statusWord());
        }
    }
}

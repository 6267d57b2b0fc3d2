package io.github.eid4j.jca;

import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.BlockedPinException;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.WrongPinException;

/** The one place where the token model's exceptions become the provider's typed exceptions. */
final class Eid4jExceptions {
    private Eid4jExceptions() {
    }

    static Eid4jException from(EidException e) {
        String message = e.getMessage();
        if (e instanceof WrongPinException p) {
            return new PinIncorrectException(message, p.pin(), p.triesLeft(), e);
        }
        if (e instanceof BlockedPinException p) {
            return new PinBlockedException(message, p.pin(), e);
        }
        if (e instanceof CancelledPinEntryException) {
            return new PinEntryCancelledException(message, e);
        }
        if (e instanceof CardAccessException a) {
            switch (a.reason()) {
                case CARD_REMOVED:
                    return new CardRemovedException(message, e);
                case NO_CARD:
                case NO_READER:
                case SERVICE_NOT_RUNNING:
                    return new NoCardException(message, e);
                case UNSUPPORTED_CARD:
                    return new UnsupportedCardException(message, e);
                case NO_ANSWER:
                    return new CardNotAnsweringException(message, e);
                default:
                    break;
            }
        }
        // Format errors, a card not yet activated, a card in use by another program, an answer
        // the profile did not expect: the sentence is all the caller can act on.
        return new Eid4jException(message, e);
    }

    /** True for the failures after which the same card, reinserted, would work again. */
    static boolean cardGone(CardAccessException e) {
        return e.reason() == CardAccessException.Reason.CARD_REMOVED || e.reason() == CardAccessException.Reason.NO_CARD;
    }
}

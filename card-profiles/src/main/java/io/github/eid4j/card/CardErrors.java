package io.github.eid4j.card;

import io.github.eid4j.apdu.StatusWord;
import io.github.eid4j.apdu.pcsc.PcscException;
import io.github.eid4j.apdu.transport.NoAnswerException;
import io.github.eid4j.apdu.transport.TransportException;

/** Turns transport failures and unexpected status words into the token model's one-sentence errors. */
public final class CardErrors {
    private CardErrors() {
    }

    public static CardAccessException from(TransportException e) {
        if (e instanceof NoAnswerException) {
            return new CardAccessException(CardAccessException.Reason.NO_ANSWER, e.getMessage(), e);
        }
        if (e instanceof PcscException p) {
            switch (p.failure()) {
                case SERVICE_NOT_RUNNING:
                case LIBRARY_MISSING:
                    return new CardAccessException(CardAccessException.Reason.SERVICE_NOT_RUNNING, e.getMessage(), e);
                case NO_READER:
                case UNKNOWN_READER:
                case READER_REMOVED:
                    return new CardAccessException(CardAccessException.Reason.NO_READER, e.getMessage(), e);
                case NO_CARD:
                case CARD_UNRESPONSIVE:
                    return new CardAccessException(CardAccessException.Reason.NO_CARD, e.getMessage(), e);
                case CARD_REMOVED:
                case CARD_RESET:
                case CLOSED:
                    return new CardAccessException(CardAccessException.Reason.CARD_REMOVED, e.getMessage(), e);
                case SHARING_VIOLATION:
                    return new CardAccessException(CardAccessException.Reason.CARD_IN_USE, e.getMessage(), e);
                case NO_ANSWER:
                    return new CardAccessException(CardAccessException.Reason.NO_ANSWER, e.getMessage(), e);
                default:
                    break;
            }
        }
        return new CardAccessException(CardAccessException.Reason.CARD_ERROR, e.getMessage(), e);
    }

    /** An answer the profile did not expect at this step. */
    public static CardAccessException unexpected(String step, StatusWord sw) {
        return new CardAccessException(CardAccessException.Reason.CARD_ERROR,
                "The card could not " + step + " (" + sw + ").");
    }
}

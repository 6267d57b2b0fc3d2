package io.github.eid4j.jca;

import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import javax.security.auth.callback.CallbackHandler;

/**
 * The card of one provider instance, and its PIN dialog. Keys keep the identity of the card they
 * came from; when an operation finds the card gone (removed, reset, no card) the session reopens
 * it through the same configuration and goes on only if the serial is the same, so keys survive
 * pulling and reinserting their card and never sign with another one.
 *
 * <p>One operation at a time: a card does one thing at a time anyway, and reopening must not race.
 * Every failure leaves here as the provider's typed exception.
 */
final class CardSession {
    private final CardLocator locator;
    private volatile CallbackHandler handler;
    private EidCard card; // guarded by this

    CardSession(CardLocator locator) {
        this.locator = locator;
    }

    String describe() {
        return locator.describe();
    }

    void setCallbackHandler(CallbackHandler handler) {
        this.handler = handler;
    }

    /** The provider's handler, else the JDK's configured default, else null. */
    CallbackHandler callbackHandler() {
        CallbackHandler h = handler;
        return h != null ? h : DefaultCallbackHandler.get();
    }

    /** Work done with the card. */
    @FunctionalInterface
    interface CardWork<T> {
        T run(EidCard card) throws EidException;
    }

    /**
     * The card as it is now in the reader, opened afresh (KeyStore.load): whatever was open is
     * closed, so a card swapped in the meantime is seen. {@code explicit} (the key store's own
     * handler, else null for the provider's) is asked for what opening needs (a CAN).
     */
    synchronized EidCard reopen(CallbackHandler explicit) {
        drop();
        try {
            card = locator.open(new CallbackPins(explicit != null ? () -> explicit : this::callbackHandler));
            return card;
        } catch (EidException e) {
            throw Eid4jExceptions.from(e);
        }
    }

    /**
     * Runs {@code work} on the card with identity {@code owner} (any card if null). If the card
     * is gone, reopens it once and runs {@code work} again on it.
     *
     * @throws WrongCardException if another card is in the reader
     * @throws CardRemovedException if the owner's card is not back
     */
    synchronized <T> T use(CardIdentity owner, CardWork<T> work) {
        EidCard current = cardOf(owner);
        try {
            return work.run(current);
        } catch (CardAccessException e) {
            if (!Eid4jExceptions.cardGone(e)) {
                dropIfSilent(e);
                throw Eid4jExceptions.from(e);
            }
            drop();
        } catch (EidException e) {
            throw Eid4jExceptions.from(e);
        }
        EidCard again = cardOf(owner);
        try {
            return work.run(again);
        } catch (CardAccessException e) {
            dropIfSilent(e);
            throw Eid4jExceptions.from(e);
        } catch (EidException e) {
            throw Eid4jExceptions.from(e);
        }
    }

    /** A card that did not answer was given up: the next operation opens it afresh, once it is back. */
    private void dropIfSilent(CardAccessException e) {
        if (e.reason() == CardAccessException.Reason.NO_ANSWER) {
            drop();
        }
    }

    /**
     * Ends the PIN verifications of the open card; a card that is gone has none left. A card that
     * fails to log out is closed, which resets it, so no PIN stays verified behind the failure.
     */
    synchronized void logout() {
        if (card == null) {
            return;
        }
        try {
            card.logout();
        } catch (EidException e) {
            drop();
            if (!(e instanceof CardAccessException gone && Eid4jExceptions.cardGone(gone))) {
                throw Eid4jExceptions.from(e);
            }
        }
    }

    private EidCard cardOf(CardIdentity owner) {
        if (card == null) {
            try {
                card = locator.open(new CallbackPins(this::callbackHandler));
            } catch (CardAccessException e) {
                if (owner != null && Eid4jExceptions.cardGone(e)) {
                    throw new CardRemovedException("The card this key belongs to (" + owner.profile() + " card " + owner.serial()
                            + ") is not in the reader; insert it and try again.", e);
                }
                throw Eid4jExceptions.from(e);
            } catch (EidException e) {
                throw Eid4jExceptions.from(e);
            }
        }
        if (owner != null && !card.identity().sameCard(owner)) {
            throw new WrongCardException("The card in the reader is not the card this key belongs to.");
        }
        return card;
    }

    private void drop() {
        if (card != null) {
            try {
                card.close();
            } catch (RuntimeException e) {
                // a card that is gone may fail to close; there is nothing left to release
            }
            card = null;
        }
    }
}

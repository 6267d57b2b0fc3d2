package io.github.eid4j.card;

import java.util.Optional;

/**
 * A kind of card eid4j can drive, found with ServiceLoader. It recognises its cards by ATR and
 * then by probing its application: an ATR alone is shared by too many cards of one platform.
 */
public interface CardProfile {

    /** "FINEID". */
    String name();

    /** A cheap first filter: true if the ATR may belong to this profile's cards. */
    boolean matchesAtr(byte[] atr);

    /**
     * Probes the card (selects the application) and opens it, or answers empty if it is not
     * this profile's card.
     */
    Optional<EidCard> open(CardConnection connection) throws EidException;

    /**
     * As {@link #open(CardConnection)}, for a card that may need a secret before anything else
     * (the CAN of a card behind PACE): {@code pins} is asked for it.
     */
    default Optional<EidCard> open(CardConnection connection, PinCallback pins) throws EidException {
        return open(connection);
    }
}

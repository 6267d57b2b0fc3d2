package io.github.eid4j.jca;

import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;

/**
 * Opens the card a provider is configured for. It is asked again when the card was removed, so
 * that a key can continue on the same card reinserted (its identity decides).
 */
interface CardLocator {

    EidCard open() throws EidException;

    /** Where the card is looked for, for messages: "virtual card 'demo'". */
    String describe();
}

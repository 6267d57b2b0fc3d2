package io.github.eid4j.jca;

import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.PinCallback;

/**
 * Opens the card a provider is configured for. It is asked again when the card was removed, so
 * that a key can continue on the same card reinserted (its identity decides).
 */
interface CardLocator {

    /** @param pins asked for what opening the card needs (the CAN of a card behind PACE) */
    EidCard open(PinCallback pins) throws EidException;

    /** Where the card is looked for, for messages: "virtual card 'demo'". */
    String describe();
}

package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinStatus;

/**
 * How a card tells a PIN's state without spending a try. Cards differ: ISO's VERIFY without
 * data ({@link VerificationState}) gives the tries left; Gemalto cards also answer a PIN-info
 * template by GET DATA ({@link PinInfoTemplate}), which says as well whether the PIN is still the
 * issuer's.
 */
@FunctionalInterface
public interface PinStatusQuery {
    PinStatus read(CardTransport card, PinInfo pin) throws TransportException, EidException;
}

package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.AlgorithmReference;
import io.github.eid4j.card.CardConnection;
import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.PinInfo;
import java.util.List;

/**
 * The smallest profile over the base, shaped like the second user (a Gemalto IAS card, docs/cards.md
 * §2.4): one user PIN (reference 11) for both keys, a PUK, the PIN state by VERIFY without data,
 * ASCII PINs padded with 00 to 12 bytes, the Gemalto algorithm table. It overrides nothing, so
 * every APDU it sends is the base's.
 */
class IasStyleCard extends IsoCard {
    static final PinInfo PIN = new PinInfo("PIN", PinInfo.Role.AUTHENTICATION, 6, 8, 0x11);
    static final PinInfo PUK = new PinInfo("PUK", PinInfo.Role.UNBLOCKING, 8, 8, 0x12);
    static final String BLOCKED = "unblock it with the PUK.";

    IasStyleCard(CardConnection connection, List<KeyEntry> keys, PinFlows pinFlows) {
        super(connection, new CardIdentity("1", "IAS", "test", connection.location()), keys, List.of(), pinFlows,
                AlgorithmReference.gemaltoStyle());
    }

    IasStyleCard(CardConnection connection, List<KeyEntry> keys) {
        this(connection, keys, new PinFlows(new VerificationState(3), PinBlockFormat.asciiPadded(12, 0x00), pin -> BLOCKED));
    }

    @Override
    public List<PinInfo> pins() {
        return List.of(PIN, PUK);
    }
}

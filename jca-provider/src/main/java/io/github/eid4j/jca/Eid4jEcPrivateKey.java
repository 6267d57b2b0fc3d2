package io.github.eid4j.jca;

import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.OneTimePin;
import io.github.eid4j.card.PinCallback;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;

/** An EC key on a card: its curve is public (JSSE matches TLS 1.3 schemes by it), the rest stays on the card. */
public final class Eid4jEcPrivateKey extends Eid4jPrivateKey implements ECKey {
    private static final long serialVersionUID = 1L;

    Eid4jEcPrivateKey(CardSession session, CardIdentity owner, KeyEntry entry, PinCallback pins, OneTimePin givenPin) {
        super(session, owner, entry, pins, givenPin);
    }

    @Override
    public ECParameterSpec getParams() {
        return ((ECPublicKey) entry().publicKey()).getParams();
    }
}

package io.github.eid4j.jca;

import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.OneTimePin;
import io.github.eid4j.card.PinCallback;
import java.math.BigInteger;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;

/** An RSA key on a card: its modulus is public (JSSE sizes keys by it), the rest stays on the card. */
public final class Eid4jRsaPrivateKey extends Eid4jPrivateKey implements RSAKey {
    private static final long serialVersionUID = 1L;

    Eid4jRsaPrivateKey(CardSession session, CardIdentity owner, KeyEntry entry, PinCallback pins, OneTimePin givenPin) {
        super(session, owner, entry, pins, givenPin);
    }

    @Override
    public BigInteger getModulus() {
        return ((RSAPublicKey) entry().publicKey()).getModulus();
    }
}

package io.github.eid4j.card.luxembourg;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.CardConnection;
import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.iso.IsoCard;
import io.github.eid4j.card.iso.PinBlockFormat;
import io.github.eid4j.card.iso.PinFlows;
import io.github.eid4j.card.iso.VerificationState;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The Luxembourg eID host driver: the ISO flows with what its Gemalto IAS Classic application
 * does differently (docs/luxembourg.md): one PIN for both keys, read by VERIFY without data;
 * signatures as PSO HASH then COMPUTE DIGITAL SIGNATURE; Gemalto's padding indicator 81 before
 * a cryptogram; and the PIN from the letter, which the card accepts only to change it (its
 * {@link Luxembourg#PIN_NOT_YET_CHANGED} makes the base refuse to verify it, with the sentence
 * the user needs). The base already asks for the PIN before every use of the signature key, and
 * unblocks with the PUK and a new PIN.
 *
 * <p>Every APDU goes through the connection, so PACE, once it runs as the connection opens, puts
 * all of them under secure messaging without a change here.
 */
final class LuxembourgCard extends IsoCard {
    static final PinInfo PIN = new PinInfo("PIN", PinInfo.Role.AUTHENTICATION, "authentication and signature",
            Luxembourg.PIN_MIN, Luxembourg.PIN_MAX, Luxembourg.PIN);
    /** The card access number printed on the card: no tries, it opens the secure channel (PACE). */
    static final PinInfo CAN = new PinInfo("CAN", PinInfo.Role.AUTHENTICATION, "secure channel", Luxembourg.CAN_LENGTH,
            Luxembourg.CAN_LENGTH, -1);
    static final PinInfo PUK = new PinInfo("PUK", PinInfo.Role.UNBLOCKING, Luxembourg.PUK_LENGTH, Luxembourg.PUK_LENGTH, Luxembourg.PUK);

    private static final String UNBLOCK_PIN = "unblock it with 'eid unblock' and the PUK from your letter.";
    private static final String PUK_BLOCKED = "the card can no longer be unblocked; ask CTIE for a new card.";

    /** A card whose signature key and CA certificates are read when first wanted. */
    LuxembourgCard(CardConnection connection, CardIdentity identity, List<KeyEntry> keys, CardRead<List<KeyEntry>> laterKeys,
            CardRead<List<X509Certificate>> caCertificates) {
        super(connection, identity, keys, laterKeys, caCertificates, iasPinFlows(), Luxembourg.ALGORITHMS);
    }

    /** VERIFY without data tells each code's state; both travel as ASCII digits padded to the IAS block. */
    private static PinFlows iasPinFlows() {
        VerificationState pin = new VerificationState(Luxembourg.PIN_TRIES, Luxembourg.PIN_NOT_YET_CHANGED);
        VerificationState puk = new VerificationState(Luxembourg.PUK_TRIES);
        return new PinFlows((card, which) -> (which == PUK ? puk : pin).read(card, which),
                PinBlockFormat.asciiPadded(Luxembourg.PIN_BLOCK, Luxembourg.PIN_PAD), which -> which == PUK ? PUK_BLOCKED : UNBLOCK_PIN);
    }

    @Override
    public List<PinInfo> pins() {
        return List.of(PIN, PUK);
    }

    /** The card takes the hash by PSO HASH and signs it by a COMPUTE DIGITAL SIGNATURE without data. */
    @Override
    protected ResponseApdu computeSignature(CardTransport card, KeyEntry key, int algorithm, byte[] input)
            throws TransportException, EidException {
        return hashThenComputeSignature(card, key, algorithm, input);
    }

    @Override
    protected int decipherPaddingIndicator() {
        return Luxembourg.DECIPHER_PADDING_INDICATOR;
    }

    @Override
    public String toString() {
        return identity() + " (" + Hex.plain(Luxembourg.AID) + ")";
    }
}

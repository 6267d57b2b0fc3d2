package io.github.eid4j.card.fineid;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.BlockedPinException;
import io.github.eid4j.card.CardConnection;
import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.PinStatus;
import io.github.eid4j.card.SignatureScheme;
import io.github.eid4j.card.iso.CardAnswers;
import io.github.eid4j.card.iso.IsoCard;
import io.github.eid4j.card.iso.IsoCommands;
import io.github.eid4j.card.iso.PinBlockFormat;
import io.github.eid4j.card.iso.PinFlows;
import io.github.eid4j.card.iso.PinInfoTemplate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;

/**
 * The FINEID host driver: the ISO flows with the quirks of the real v3 and v4 cards
 * (docs/cards.md §1.5): the PIN state from the PIN-info template, signatures as PSO HASH then
 * COMPUTE DIGITAL SIGNATURE (v4 ECDSA always under SHA-384's algorithm byte), activation with the
 * PUK from the letter, and logout by selecting the application again.
 */
final class FineidCard extends IsoCard {
    static final PinInfo PIN1 = new PinInfo("PIN1", PinInfo.Role.AUTHENTICATION, Fineid.PIN1_MIN, Fineid.PIN1_MAX, Fineid.PIN1);
    static final PinInfo PIN2 = new PinInfo("PIN2", PinInfo.Role.SIGNATURE, Fineid.PIN2_MIN, Fineid.PIN2_MAX, Fineid.PIN2);
    static final PinInfo PUK = new PinInfo("PUK", PinInfo.Role.UNBLOCKING, Fineid.PUK_LENGTH, Fineid.PUK_LENGTH, Fineid.PUK);

    private static final String UNBLOCK_PIN1 = "unblock it with 'eid unblock pin1' and the PUK (activation code) from your letter.";
    private static final String UNBLOCK_PIN2 = "unblock it with 'eid unblock pin2' and the PUK (activation code) from your letter.";
    private static final String PUK_BLOCKED = "the card can no longer be unblocked; apply for a new card.";

    private final FineidVersion version;

    FineidCard(CardConnection connection, FineidVersion version, CardIdentity identity, List<KeyEntry> keys,
            List<X509Certificate> caCertificates) {
        this(connection, version, identity, keys, card -> List.of(), card -> caCertificates);
    }

    /** A card whose other keys and CA certificates are read when first wanted. */
    FineidCard(CardConnection connection, FineidVersion version, CardIdentity identity, List<KeyEntry> keys,
            CardRead<List<KeyEntry>> laterKeys, CardRead<List<X509Certificate>> caCertificates) {
        super(connection, identity, keys, laterKeys, caCertificates,
                new PinFlows(new PinInfoTemplate(Fineid.PIN_INFO_P1P2, Fineid.TAG_TRIES, Fineid.TAG_CHANGED, Fineid.MAX_TRIES).unchangedMeansNoValue(),
                        PinBlockFormat.asciiPadded(Fineid.PIN_BLOCK, Fineid.PIN_PAD), FineidCard::whenBlocked),
                Fineid.ALGORITHMS);
        this.version = version;
    }

    FineidVersion version() {
        return version;
    }

    @Override
    public List<PinInfo> pins() {
        return List.of(PIN1, PIN2, PUK);
    }

    private static String whenBlocked(PinInfo pin) {
        return pin == PIN1 ? UNBLOCK_PIN1 : pin == PIN2 ? UNBLOCK_PIN2 : PUK_BLOCKED;
    }

    // ---- signing

    /**
     * v4 ECDSA: exactly what OpenSC's v4 driver sends, SHA-384's algorithm byte whatever the hash.
     * v3 ECDSA (P-256) with a digest longer than the field: SHA-256's byte with the leftmost 32
     * bytes (ECDSA's own truncation), the only form a real v3 card is recorded to accept.
     */
    @Override
    protected int signatureAlgorithm(KeyEntry key, SignatureScheme scheme, HashAlgorithm hash) throws EidException {
        if (scheme == SignatureScheme.ECDSA && version.isV4()) {
            return Fineid.ALG_V4_ECDSA;
        }
        if (scheme == SignatureScheme.ECDSA && hash != null && hash.digestLength() > fieldBytes(key)) {
            return Fineid.ALG_V3_ECDSA;
        }
        if (scheme == SignatureScheme.RSA_PSS && hash == null) {
            throw new EidException("RSA-PSS on this card needs the hash named.");
        }
        return super.signatureAlgorithm(key, scheme, hash);
    }

    /** ECDSA uses the leftmost field-size bytes of a longer digest, and a shorter one as a number (left-padded to 48 bytes on v4). */
    @Override
    protected byte[] signatureInput(KeyEntry key, SignatureScheme scheme, byte[] digest) {
        if (scheme != SignatureScheme.ECDSA) {
            return digest;
        }
        int field = fieldBytes(key);
        if (digest.length >= field) {
            return Arrays.copyOf(digest, field);
        }
        byte[] padded = new byte[field];
        System.arraycopy(digest, 0, padded, field - digest.length, digest.length);
        return padded;
    }

    private static int fieldBytes(KeyEntry key) {
        return (((ECPublicKey) key.publicKey()).getParams().getCurve().getField().getFieldSize() + 7) / 8;
    }

    /** The card takes the hash by PSO HASH and signs it by a COMPUTE DIGITAL SIGNATURE without data. */
    @Override
    protected ResponseApdu computeSignature(CardTransport card, KeyEntry key, int algorithm, byte[] input)
            throws TransportException, EidException {
        return hashThenComputeSignature(card, key, algorithm, input);
    }

    // ---- PINs

    /**
     * Activation, as DVV's letter describes it: the activation code, then the new PIN1 twice and
     * the new PIN2 twice. On the card it is RESET RETRY COUNTER with the code (the PUK) and the
     * new PIN, for PIN1 and then PIN2 [I: cards.md §1.3 names this as the likely form].
     */
    @Override
    public void activate(PinCallback pins) throws EidException {
        pins().forEach(this::forget);
        connection().transact(card -> {
            PinFlows flows = pinFlows();
            if (flows.status(card, PIN1).isActivated() && flows.status(card, PIN2).isActivated()) {
                throw new EidException("The card is already activated; to change a PIN use 'eid change-pin'.");
            }
            PinStatus puk = flows.status(card, PUK);
            if (puk.isBlocked()) {
                throw new BlockedPinException("The activation code (PUK)", PUK_BLOCKED);
            }
            char[] code = pins.ask(new PinRequest(PUK, PinRequest.Step.ACTIVATION_CODE, puk.triesLeft()));
            try {
                PUK.checkFormat(code);
                for (PinInfo pin : List.of(PIN1, PIN2)) {
                    if (!flows.status(card, pin).isActivated()) {
                        flows.resetRetryCounter(card, pin, PUK, pins, code);
                    }
                }
            } finally {
                Arrays.fill(code, '\0');
            }
            return null;
        });
    }

    /** Selecting the application again ends every verification, as OpenSC's v4 driver logs out. */
    @Override
    protected void endVerifications(CardTransport card) throws TransportException, EidException {
        CardAnswers.requireSuccess(card.transmit(IsoCommands.selectApplication(Fineid.AID)), "log out");
    }

    @Override
    public String toString() {
        return identity() + " (" + Hex.plain(Fineid.AID) + ")";
    }
}

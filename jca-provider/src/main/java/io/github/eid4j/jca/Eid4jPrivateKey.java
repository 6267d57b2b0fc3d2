package io.github.eid4j.jca;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.OneTimePin;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.SignatureScheme;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * A private key on an eID card, as the EID key store hands it out. It never leaves the card:
 * {@link #getEncoded()} and {@link #getFormat()} are null. It is an {@link java.security.interfaces.RSAKey}
 * ({@link Eid4jRsaPrivateKey}) or an {@link java.security.interfaces.ECKey} ({@link Eid4jEcPrivateKey}),
 * which is what JSSE and jarsigner look at to size and match it; it is neither an RSAPrivateKey
 * nor an ECPrivateKey, so software providers leave it to Eid4j.
 *
 * <p>It remembers which card it belongs to: pulled and reinserted, the same card is used again;
 * another card is refused with {@link WrongCardException}. {@link #destroy()} forgets a PIN given
 * to {@code KeyStore.getKey} that was not used yet.
 */
public abstract class Eid4jPrivateKey implements PrivateKey {
    private static final long serialVersionUID = 1L;

    private final transient CardSession session;
    private final transient CardIdentity owner;
    private final transient KeyEntry entry;
    private final transient PinCallback pins;
    private final transient OneTimePin givenPin;
    private transient volatile boolean destroyed;

    Eid4jPrivateKey(CardSession session, CardIdentity owner, KeyEntry entry, PinCallback pins, OneTimePin givenPin) {
        this.session = session;
        this.owner = owner;
        this.entry = entry;
        this.pins = givenPin != null ? givenPin : pins;
        this.givenPin = givenPin;
    }

    /**
     * @param pins how PINs are asked for this key
     * @param givenPin a PIN given for the next use of the key, which answers first and then
     *     falls back on {@code pins} (it was made with that fallback); or null
     */
    static Eid4jPrivateKey of(CardSession session, CardIdentity owner, KeyEntry entry, PinCallback pins, OneTimePin givenPin) {
        return "RSA".equals(entry.algorithm())
                ? new Eid4jRsaPrivateKey(session, owner, entry, pins, givenPin)
                : new Eid4jEcPrivateKey(session, owner, entry, pins, givenPin);
    }

    /** "RSA" or "EC". */
    @Override
    public final String getAlgorithm() {
        return entry.algorithm();
    }

    /** Null: the key cannot be exported. */
    @Override
    public final String getFormat() {
        return null;
    }

    /** Null: the key cannot be exported. */
    @Override
    public final byte[] getEncoded() {
        return null;
    }

    /**
     * The key's alias in the EID key store: {@value Eid4jProvider#AUTHENTICATION_ALIAS} (TLS,
     * decryption; PIN1 on FINEID) or {@value Eid4jProvider#SIGNATURE_ALIAS} (PIN2 for every signature).
     */
    public final String alias() {
        return CardKeyStore.alias(entry.purpose());
    }

    /** The key's certificate, as the card stores it. */
    public final X509Certificate certificate() {
        return entry.certificate();
    }

    /** Forgets a PIN given with the key that was not used yet; the key cannot be used afterwards. */
    @Override
    public void destroy() {
        destroyed = true;
        if (givenPin != null) {
            givenPin.wipe();
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** "Eid4j authentication key (EC 384 bits, PIN1) of FINEID v4.0 card 123456789". */
    @Override
    public String toString() {
        return "Eid4j " + entry + " of " + owner.profile() + " " + owner.version() + " card " + owner.serial();
    }

    // ---- what the engines do with it

    KeyEntry entry() {
        return entry;
    }

    /** "authentication key (EC)", for messages. */
    String describe() {
        return entry.purpose().name().toLowerCase(Locale.ROOT) + " key (" + entry.algorithm() + ")";
    }

    /** The card's signature over a digest (or a DigestInfo, with {@code hash} null), raw as the card gives it. */
    byte[] sign(SignatureScheme scheme, HashAlgorithm hash, byte[] digest) {
        try {
            return use(card -> card.sign(onCard(card), scheme, hash, digest, pins));
        } finally {
            // A PIN given with the key serves its next signature only, also when the card did not
            // need it again (the key store's VERIFY of it served that signature).
            if (givenPin != null) {
                givenPin.wipe();
            }
        }
    }

    byte[] decrypt(byte[] cryptogram) {
        return use(card -> card.decrypt(onCard(card), cryptogram, pins));
    }

    /** @param peerPoint the peer's public point, uncompressed */
    byte[] deriveEcdh(byte[] peerPoint) {
        return use(card -> card.deriveEcdh(onCard(card), peerPoint, pins));
    }

    private byte[] use(CardSession.CardWork<byte[]> work) {
        if (destroyed) {
            throw new Eid4jException("This " + describe() + " was destroyed; get it from the key store again.");
        }
        return session.use(owner, work);
    }

    /** The same key on the card as opened now: after a reinsertion the card object is a new one. */
    private KeyEntry onCard(EidCard card) throws EidException {
        return card.key(entry.purpose()).orElseThrow(() -> new EidException("The card has no " + describe() + " any more."));
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        throw new NotSerializableException("A card key cannot be serialised: it lives on the card.");
    }

    private void readObject(ObjectInputStream in) throws IOException {
        throw new NotSerializableException("A card key cannot be serialised: it lives on the card.");
    }
}

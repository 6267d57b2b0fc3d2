package io.github.eid4j.card;

import io.github.eid4j.apdu.HashAlgorithm;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * An eID card opened by its profile: what it holds and what it can do. The JCA provider, the
 * PKCS#11 module and the CLI all use cards only through this interface, so a PIN rule or a card
 * quirk is written once, in the profile.
 */
public interface EidCard extends AutoCloseable {

    CardIdentity identity();

    /** The authentication and signature keys, with their certificates. */
    List<KeyEntry> keys();

    default Optional<KeyEntry> key(KeyPurpose purpose) {
        return keys().stream().filter(k -> k.purpose() == purpose).findFirst();
    }

    /** The CA certificates the card stores (issuing CA, root), possibly none. */
    List<X509Certificate> caCertificates();

    /** The PINs: the user PINs first, then the PUK. */
    List<PinInfo> pins();

    /** Reads a PIN's status without spending a try. */
    PinStatus status(PinInfo pin) throws EidException;

    /** True if the card is waiting for its first PINs (FINEID: the activation code letter). */
    boolean needsActivation() throws EidException;

    /**
     * Signs a digest with the key. The PIN is asked through {@code pins} when the card needs it:
     * for the signature key before every signature, for the authentication key once per card
     * session.
     *
     * @param hash the hash of {@code digest}; for {@link SignatureScheme#RSA_PKCS1} null means
     *     {@code digest} already is a DigestInfo (or the raw TLS 1.2 value)
     */
    byte[] sign(KeyEntry key, SignatureScheme scheme, HashAlgorithm hash, byte[] digest, PinCallback pins) throws EidException;

    /** Decrypts an RSA PKCS#1 v1.5 cryptogram with the key, if the key can. */
    byte[] decrypt(KeyEntry key, byte[] cryptogram, PinCallback pins) throws EidException;

    /** ECDH with the key and a peer's uncompressed point; returns the shared secret's x coordinate. */
    byte[] deriveEcdh(KeyEntry key, byte[] peerPoint, PinCallback pins) throws EidException;

    /** Asks for the PIN and verifies it. */
    void verify(PinInfo pin, PinCallback pins) throws EidException;

    /** Asks for the current PIN and a new one (twice), and changes it. */
    void changePin(PinInfo pin, PinCallback pins) throws EidException;

    /** Asks for the PUK and a new PIN (twice), and unblocks the PIN with it. */
    void unblockPin(PinInfo pin, PinCallback pins) throws EidException;

    /** Sets the first user PINs with the activation code, as the issuer's letter describes. */
    void activate(PinCallback pins) throws EidException;

    /** Ends every PIN verification on the card. */
    void logout() throws EidException;

    /**
     * Ends every PIN verification this program made on the card (logs out, and resets the card
     * as it disconnects), then releases the card. No PIN stays verified for the next program.
     */
    @Override
    void close();
}

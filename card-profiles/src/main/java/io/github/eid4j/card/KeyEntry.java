package io.github.eid4j.card;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * A private key on a card, as every front end sees it: purpose, algorithm and size, the PIN
 * that guards it, its certificate, and what it can do. The key itself never leaves the card.
 */
public final class KeyEntry {
    private final byte[] id;
    private final String label;
    private final KeyPurpose purpose;
    private final int reference;
    private final PinInfo pin;
    private final X509Certificate certificate;
    private final Set<SignatureScheme> schemes;
    private final boolean decrypts;
    private final boolean derives;

    public KeyEntry(byte[] id, String label, KeyPurpose purpose, int reference, PinInfo pin, X509Certificate certificate,
            Set<SignatureScheme> schemes, boolean decrypts, boolean derives) {
        this.id = id.clone();
        this.label = label;
        this.purpose = purpose;
        this.reference = reference;
        this.pin = pin;
        this.certificate = certificate;
        this.schemes = schemes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(schemes));
        this.decrypts = decrypts;
        this.derives = derives;
    }

    /** The identifier shared by the key and its certificate (PKCS#15 iD, PKCS#11 CKA_ID). */
    public byte[] id() {
        return id.clone();
    }

    public String label() {
        return label;
    }

    public KeyPurpose purpose() {
        return purpose;
    }

    /** The card's key reference (tag 84 of MSE SET); for drivers. */
    public int reference() {
        return reference;
    }

    /** The PIN that must be verified to use the key. */
    public PinInfo pin() {
        return pin;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PublicKey publicKey() {
        return certificate.getPublicKey();
    }

    /** "RSA" or "EC". */
    public String algorithm() {
        return publicKey().getAlgorithm();
    }

    /** Modulus bits for RSA, field bits for EC. */
    public int sizeBits() {
        PublicKey key = publicKey();
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        return ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
    }

    public Set<SignatureScheme> schemes() {
        return schemes;
    }

    public boolean canSign(SignatureScheme scheme) {
        return schemes.contains(scheme);
    }

    public boolean canDecrypt() {
        return decrypts;
    }

    public boolean canDerive() {
        return derives;
    }

    /** "authentication key (EC 384 bits, PIN1)". */
    @Override
    public String toString() {
        return purpose.name().toLowerCase(java.util.Locale.ROOT) + " key (" + algorithm() + " " + sizeBits() + " bits, " + pin.label() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyEntry k && Arrays.equals(id, k.id) && certificate.equals(k.certificate);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(id);
    }
}

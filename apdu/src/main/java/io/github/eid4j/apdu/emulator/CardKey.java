package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.HashAlgorithm;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A private key held by a virtual card, with the operations the card OS runs for PSO COMPUTE
 * DIGITAL SIGNATURE, PSO DECIPHER, INTERNAL AUTHENTICATE and ECDH derivation. Like a real card's
 * key it never leaves the card: only the card's store may read its PKCS#8 encoding, to persist it.
 *
 * <p>Immutable and safe to share between threads. Operations refuse bad input, or an operation
 * the key's type cannot do, with a {@link CardKeyException} whose message names the key by its
 * reference in hex ("Key 01 ...") and never holds key material.
 */
public final class CardKey {
    private final int reference;
    private final KeyType type;
    private final KeyPairMaterial keys;

    private CardKey(int reference, KeyType type, KeyPairMaterial keys) {
        this.reference = reference;
        this.type = type;
        this.keys = keys;
    }

    /**
     * A new key pair of {@code type}, drawn from {@code random}; an RSA key also takes its PSS
     * salts from it.
     *
     * @param reference the key reference the card OS uses in MANAGE SECURITY ENVIRONMENT, 00 to FF
     */
    public static CardKey generate(int reference, KeyType type, SecureRandom random) {
        checkReference(reference);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(random, "random");
        KeyPairMaterial keys = type.isRsa() ? RsaKeyPair.generate(type, random) : EcKeyPair.generate(type, random);
        return new CardKey(reference, type, keys);
    }

    /**
     * The key a card's store saved with {@link #encodedPrivateKey()} and {@link #encodedPublicKey()}.
     *
     * @throws IllegalArgumentException if the bytes are not a key pair of {@code type}, or the
     *     public key does not belong to the private key
     */
    public static CardKey restore(int reference, KeyType type, byte[] pkcs8PrivateKey, byte[] x509PublicKey) {
        checkReference(reference);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pkcs8PrivateKey, "pkcs8PrivateKey");
        Objects.requireNonNull(x509PublicKey, "x509PublicKey");
        KeyPairMaterial keys = type.isRsa()
                ? RsaKeyPair.restore(type, pkcs8PrivateKey, x509PublicKey)
                : EcKeyPair.restore(type, pkcs8PrivateKey, x509PublicKey);
        return new CardKey(reference, type, keys);
    }

    private static void checkReference(int reference) {
        if (reference < 0 || reference > 0xFF) {
            throw new IllegalArgumentException("A key reference is one byte, not " + reference + ".");
        }
    }

    public int reference() {
        return reference;
    }

    public KeyType type() {
        return type;
    }

    /** The public key, usable with the JDK's Signature and Cipher (BouncyCastle's for brainpool curves). */
    public PublicKey publicKey() {
        return keys.publicKey();
    }

    /** PKCS#8 PrivateKeyInfo. Package-private: only the card's store may take a key off the card. */
    byte[] encodedPrivateKey() {
        return keys.encodedPrivateKey();
    }

    /** X.509 SubjectPublicKeyInfo; for EC keys, with the named curve's OID and an uncompressed point. */
    public byte[] encodedPublicKey() {
        return keys.encodedPublicKey();
    }

    /** RSASSA-PKCS1-v1_5 over a digest: the DigestInfo of {@code hash} is built here. */
    public byte[] signPkcs1(HashAlgorithm hash, byte[] digest) throws CardKeyException {
        RsaKeyPair rsa = rsa("make PKCS#1 v1.5 signatures");
        checkDigest(hash, digest);
        return rsa.signPkcs1(hash.digestInfo(digest));
    }

    /**
     * PKCS#1 v1.5 type 1 padding over {@code input} as it is, at most k - 11 bytes (k the modulus
     * length): a DigestInfo the host built, or the challenge of INTERNAL AUTHENTICATE.
     */
    public byte[] signPkcs1Raw(byte[] input) throws CardKeyException {
        RsaKeyPair rsa = rsa("make PKCS#1 v1.5 signatures");
        return rsa.signPkcs1(Objects.requireNonNull(input, "input"));
    }

    /** RSASSA-PSS over a digest: MGF1 with the same hash, salt as long as the digest, trailer BC. */
    public byte[] signPss(HashAlgorithm hash, byte[] digest) throws CardKeyException {
        RsaKeyPair rsa = rsa("make RSA-PSS signatures");
        checkDigest(hash, digest);
        return rsa.signPss(hash, digest);
    }

    /**
     * ECDSA over a digest, answered as r || s with each half of the field's length. The digest
     * may be left-padded with zero bytes, up to the field's length or beyond; a padded digest
     * signs the same number as the bare one. The nonce is derived from the key and that number
     * (RFC 6979 style), so the same input always gives the same signature.
     */
    public byte[] signEcdsa(byte[] digest) throws CardKeyException {
        EcKeyPair ec = ec("make ECDSA signatures");
        return ec.signEcdsa(Objects.requireNonNull(digest, "digest"));
    }

    /** The plaintext of an RSAES-PKCS1-v1_5 cryptogram of exactly the modulus length. */
    public byte[] decryptPkcs1(byte[] cryptogram) throws CardKeyException {
        RsaKeyPair rsa = rsa("decipher PKCS#1 v1.5 cryptograms");
        return rsa.decryptPkcs1(Objects.requireNonNull(cryptogram, "cryptogram"));
    }

    /** The plaintext of an RSAES-OAEP cryptogram: MGF1 with the same hash, empty label. */
    public byte[] decryptOaep(HashAlgorithm hash, byte[] cryptogram) throws CardKeyException {
        RsaKeyPair rsa = rsa("decipher RSA-OAEP cryptograms");
        return rsa.decryptOaep(Objects.requireNonNull(hash, "hash"), Objects.requireNonNull(cryptogram, "cryptogram"));
    }

    /** The ECDH shared secret (X coordinate, field-length bytes) with an uncompressed peer point 04 || X || Y. */
    public byte[] deriveEcdh(byte[] peerPoint) throws CardKeyException {
        EcKeyPair ec = ec("derive ECDH shared secrets");
        return ec.deriveEcdh(Objects.requireNonNull(peerPoint, "peerPoint"));
    }

    private RsaKeyPair rsa(String operation) throws CardKeyException {
        if (keys instanceof RsaKeyPair rsa) {
            return rsa;
        }
        throw new CardKeyException(String.format("Key %02X is an EC key and cannot %s.", reference, operation));
    }

    private EcKeyPair ec(String operation) throws CardKeyException {
        if (keys instanceof EcKeyPair ec) {
            return ec;
        }
        throw new CardKeyException(String.format("Key %02X is an RSA key and cannot %s.", reference, operation));
    }

    private static void checkDigest(HashAlgorithm hash, byte[] digest) throws CardKeyException {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(digest, "digest");
        if (digest.length != hash.digestLength()) {
            throw new CardKeyException(hash.lengthMismatch(digest.length));
        }
    }

    /** Reference and type only: a key's string form goes into traces. */
    @Override
    public String toString() {
        return String.format("CardKey %02X (%s)", reference, type.text());
    }
}

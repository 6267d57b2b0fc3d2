package io.github.eid4j.card.pkcs15;

/**
 * The type attributes of a private key, which differ by algorithm: the PrKDF's
 * {@code PrivateKeyType} CHOICE picks the alternative by tag ({@code privateRSAKey} untagged,
 * {@code privateECKey [0]}).
 */
public sealed interface PrivateKeyAttributes permits PrivateRsaKeyAttributes, PrivateEcKeyAttributes {
    /** The key's DF or EF; the card finds the key itself by its keyReference. */
    Path value();

    /** The key size in bits: the modulus length for RSA, the field length for EC. */
    int keySize();
}

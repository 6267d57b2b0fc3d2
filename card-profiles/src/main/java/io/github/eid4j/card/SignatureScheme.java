package io.github.eid4j.card;

/** How the card turns a digest into a signature. */
public enum SignatureScheme {
    /** RSASSA-PKCS1-v1_5: the card builds the DigestInfo, or takes one the host built (no hash named). */
    RSA_PKCS1,
    /** RSASSA-PSS with MGF1 of the same hash and a salt as long as the digest. */
    RSA_PSS,
    /** ECDSA, answered as r||s (IEEE P1363). */
    ECDSA
}

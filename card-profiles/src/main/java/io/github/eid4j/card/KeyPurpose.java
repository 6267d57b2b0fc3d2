package io.github.eid4j.card;

/** The two keys of an eID card. */
public enum KeyPurpose {
    /** TLS client login, e-mail signing and decryption: guarded by the authentication PIN. */
    AUTHENTICATION,
    /** Qualified electronic signatures: a fresh signature-PIN entry for every signature. */
    SIGNATURE
}

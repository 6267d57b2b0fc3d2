package io.github.eid4j.apdu.emulator;

import java.security.PublicKey;

/**
 * The key pair behind a {@link CardKey}, in the form its operations need: JDK keys for RSA, which
 * the JDK does well, and BouncyCastle's lightweight parameters for EC, which the JDK cannot use
 * for brainpool curves nor for signing a digest that is not a plain hash.
 */
sealed interface KeyPairMaterial permits RsaKeyPair, EcKeyPair {
    PublicKey publicKey();

    /** PKCS#8 PrivateKeyInfo. */
    byte[] encodedPrivateKey();

    /** X.509 SubjectPublicKeyInfo. */
    byte[] encodedPublicKey();
}

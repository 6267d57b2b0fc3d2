package io.github.eid4j.bench;

import io.github.eid4j.apdu.HashAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import io.github.eid4j.card.fineid.FineidVirtualCard;

/**
 * A key the PKCS#11 benchmarks sign with: the authentication key of a virtual FINEID card, shown
 * by libeid4j-pkcs11.so, and the same key material imported into SoftHSM2. The mechanisms are the
 * raw ones TLS uses through NSS and OpenSSL (the application hashes), so both modules do the
 * private-key operation and nothing else.
 */
enum BenchKey {
    EC_P384("ec-p384", "EC P-384, CKM_ECDSA", "bench-v4", "fineid-v4", "ecdsa", HashAlgorithm.SHA384),
    RSA_2048("rsa-2048", "RSA-2048, CKM_RSA_PKCS", "bench-v3", "fineid-v3", "rsa-pkcs", HashAlgorithm.SHA256);

    /** The authentication key's CKA_ID on the card's PKCS#15 structure, and in SoftHSM2. */
    static final String ID = "45";
    /** The test card's PIN1 (activated virtual cards); the SoftHSM2 tokens get the same user PIN. */
    static final String PIN = FineidVirtualCard.TEST_PIN1;
    /** The card's file of the authentication key (keys/01.p8 and keys/01.pub). */
    static final String KEY_FILE = "01";

    private final String param;
    private final String description;
    private final String card;
    private final String profile;
    private final String mechanism;
    private final HashAlgorithm hash;

    BenchKey(String param, String description, String card, String profile, String mechanism, HashAlgorithm hash) {
        this.param = param;
        this.description = description;
        this.card = card;
        this.profile = profile;
        this.mechanism = mechanism;
        this.hash = hash;
    }

    static BenchKey named(String param) {
        for (BenchKey key : values()) {
            if (key.param.equals(param)) {
                return key;
            }
        }
        throw new IllegalArgumentException("No benchmark key " + param);
    }

    String param() {
        return param;
    }

    String description() {
        return description;
    }

    /** The virtual card holding the key; also the label of its SoftHSM2 token. */
    String card() {
        return card;
    }

    String profile() {
        return profile;
    }

    /** The mechanism's name in p11host's "input" command. */
    String mechanism() {
        return mechanism;
    }

    /** What C_Sign gets: the digest of a 1 KiB document, as a DigestInfo for RSA. */
    byte[] input() {
        byte[] document = new byte[1024];
        Arrays.fill(document, (byte) 'x');
        try {
            byte[] digest = MessageDigest.getInstance(hash.jcaName()).digest(document);
            return this == RSA_2048 ? hash.digestInfo(digest) : digest;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    PublicKey publicKey(BenchHome home) throws IOException, GeneralSecurityException {
        byte[] encoded = Files.readAllBytes(home.cardFolder(card).resolve("keys").resolve(KEY_FILE + ".pub"));
        return KeyFactory.getInstance(this == RSA_2048 ? "RSA" : "EC").generatePublic(new X509EncodedKeySpec(encoded));
    }

    /** Whether {@code signature} is this key's signature of {@link #input()}: a module that fails is not measured. */
    boolean verifies(BenchHome home, byte[] signature) throws IOException, GeneralSecurityException {
        Signature verifier = Signature.getInstance(this == RSA_2048 ? "NONEwithRSA" : "NONEwithECDSAinP1363Format");
        verifier.initVerify(publicKey(home));
        verifier.update(input());
        return verifier.verify(signature);
    }

    /** The PIN as p11host reads it; a fresh array, for the caller to wipe. */
    static char[] pin() {
        return PIN.toCharArray();
    }
}

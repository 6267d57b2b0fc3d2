package io.github.eid4j.pkcs11;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.SignatureScheme;
import java.util.Optional;

/**
 * The signature mechanisms: which key type and card scheme each needs, and whether the module
 * hashes the data first (in software; the card only ever sees a digest) or the application sends
 * the value to sign (the raw mechanisms).
 */
enum Mechanism {
    RSA_PKCS(Ck.CKM_RSA_PKCS, "RSA", SignatureScheme.RSA_PKCS1, null),
    SHA1_RSA_PKCS(Ck.CKM_SHA1_RSA_PKCS, "RSA", SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA1),
    SHA224_RSA_PKCS(Ck.CKM_SHA224_RSA_PKCS, "RSA", SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA224),
    SHA256_RSA_PKCS(Ck.CKM_SHA256_RSA_PKCS, "RSA", SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA256),
    SHA384_RSA_PKCS(Ck.CKM_SHA384_RSA_PKCS, "RSA", SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA384),
    SHA512_RSA_PKCS(Ck.CKM_SHA512_RSA_PKCS, "RSA", SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA512),
    /** Raw PSS: the application sends the digest and names its hash in CK_RSA_PKCS_PSS_PARAMS (TLS 1.3). */
    RSA_PKCS_PSS(Ck.CKM_RSA_PKCS_PSS, "RSA", SignatureScheme.RSA_PSS, null),
    SHA256_RSA_PKCS_PSS(Ck.CKM_SHA256_RSA_PKCS_PSS, "RSA", SignatureScheme.RSA_PSS, HashAlgorithm.SHA256),
    SHA384_RSA_PKCS_PSS(Ck.CKM_SHA384_RSA_PKCS_PSS, "RSA", SignatureScheme.RSA_PSS, HashAlgorithm.SHA384),
    SHA512_RSA_PKCS_PSS(Ck.CKM_SHA512_RSA_PKCS_PSS, "RSA", SignatureScheme.RSA_PSS, HashAlgorithm.SHA512),
    ECDSA(Ck.CKM_ECDSA, "EC", SignatureScheme.ECDSA, null),
    ECDSA_SHA1(Ck.CKM_ECDSA_SHA1, "EC", SignatureScheme.ECDSA, HashAlgorithm.SHA1),
    ECDSA_SHA224(Ck.CKM_ECDSA_SHA224, "EC", SignatureScheme.ECDSA, HashAlgorithm.SHA224),
    ECDSA_SHA256(Ck.CKM_ECDSA_SHA256, "EC", SignatureScheme.ECDSA, HashAlgorithm.SHA256),
    ECDSA_SHA384(Ck.CKM_ECDSA_SHA384, "EC", SignatureScheme.ECDSA, HashAlgorithm.SHA384),
    ECDSA_SHA512(Ck.CKM_ECDSA_SHA512, "EC", SignatureScheme.ECDSA, HashAlgorithm.SHA512);

    private final long type;
    private final String keyAlgorithm;
    private final SignatureScheme scheme;
    private final HashAlgorithm dataHash;

    Mechanism(long type, String keyAlgorithm, SignatureScheme scheme, HashAlgorithm dataHash) {
        this.type = type;
        this.keyAlgorithm = keyAlgorithm;
        this.scheme = scheme;
        this.dataHash = dataHash;
    }

    /** The CKM_ value. */
    long type() {
        return type;
    }

    SignatureScheme scheme() {
        return scheme;
    }

    /** The hash the module applies to the data, or null for a raw mechanism. */
    HashAlgorithm dataHash() {
        return dataHash;
    }

    boolean isPss() {
        return scheme == SignatureScheme.RSA_PSS;
    }

    boolean isEc() {
        return keyAlgorithm.equals("EC");
    }

    /** Whether a card key can do this mechanism. */
    boolean suits(KeyEntry key) {
        return keyAlgorithm.equals(key.algorithm()) && key.canSign(scheme);
    }

    static Optional<Mechanism> of(long type) {
        for (Mechanism m : values()) {
            if (m.type == type) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The digest mechanisms (C_Digest, in software), in the order of their CKM_ values. */
    static final long[] DIGESTS = java.util.stream.LongStream.of(Ck.CKM_SHA_1, Ck.CKM_SHA224, Ck.CKM_SHA256, Ck.CKM_SHA384,
            Ck.CKM_SHA512).sorted().toArray();

    /** CKM_SHA256 and its kin as a hash: of PSS parameters, or of C_DigestInit. */
    static Optional<HashAlgorithm> hashOf(long ckm) {
        if (ckm == Ck.CKM_SHA_1) {
            return Optional.of(HashAlgorithm.SHA1);
        } else if (ckm == Ck.CKM_SHA224) {
            return Optional.of(HashAlgorithm.SHA224);
        } else if (ckm == Ck.CKM_SHA256) {
            return Optional.of(HashAlgorithm.SHA256);
        } else if (ckm == Ck.CKM_SHA384) {
            return Optional.of(HashAlgorithm.SHA384);
        } else if (ckm == Ck.CKM_SHA512) {
            return Optional.of(HashAlgorithm.SHA512);
        }
        return Optional.empty();
    }

    /** The CKG_MGF1_ value that goes with a hash. */
    static long mgf1(HashAlgorithm hash) {
        switch (hash) {
            case SHA1:
                return Ck.CKG_MGF1_SHA1;
            case SHA224:
                return Ck.CKG_MGF1_SHA224;
            case SHA256:
                return Ck.CKG_MGF1_SHA256;
            case SHA384:
                return Ck.CKG_MGF1_SHA384;
            default:
                return Ck.CKG_MGF1_SHA512;
        }
    }
}

package io.github.eid4j.pkcs11;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.OneTimePin;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/**
 * A signature from C_SignInit to the end of C_Sign or C_SignFinal. Hashing mechanisms hash the
 * data here; the card gets the digest. For a key with CKA_ALWAYS_AUTHENTICATE the PIN given to
 * C_Login(CKU_CONTEXT_SPECIFIC) is held until the card has used it, and wiped when the operation
 * ends, whichever way it ends.
 */
final class SignOperation implements AutoCloseable {
    /** Raw input longer than this is no digest or DigestInfo of any hash. */
    private static final int MAX_RAW_INPUT = 1024;

    private final Mechanism mechanism;
    private final TokenObject key;
    private final HashAlgorithm pssHash;
    private final MessageDigest digest;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean multipart;
    private OneTimePin contextPin;

    private SignOperation(Mechanism mechanism, TokenObject key, HashAlgorithm pssHash) {
        this.mechanism = mechanism;
        this.key = key;
        this.pssHash = pssHash;
        try {
            this.digest = mechanism.dataHash() == null ? null : MessageDigest.getInstance(mechanism.dataHash().jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks the mechanism and its parameter against the key. PSS needs CK_RSA_PKCS_PSS_PARAMS
     * with MGF1 of the same hash and a salt as long as the digest, which is what the card does;
     * the other mechanisms take no parameter.
     */
    static SignOperation start(Mechanism mechanism, TokenObject key, MemorySegment parameter, long parameterLength) {
        if (!mechanism.suits(key.key())) {
            throw new CkrException(Ck.CKR_KEY_TYPE_INCONSISTENT);
        }
        HashAlgorithm pssHash = null;
        if (mechanism.isPss()) {
            if (Native.isNull(parameter) || parameterLength != Layouts.CK_RSA_PKCS_PSS_PARAMS.byteSize()) {
                throw new CkrException(Ck.CKR_MECHANISM_PARAM_INVALID);
            }
            MemorySegment p = Native.struct(parameter, Layouts.CK_RSA_PKCS_PSS_PARAMS);
            long hashAlg = Native.getULong(p, Offsets.PSS_PARAMS_HASH_ALG);
            long mgf = Native.getULong(p, Offsets.PSS_PARAMS_MGF);
            long saltLength = Native.getULong(p, Offsets.PSS_PARAMS_S_LEN);
            pssHash = Mechanism.hashOf(hashAlg).orElseThrow(() -> new CkrException(Ck.CKR_MECHANISM_PARAM_INVALID));
            if (mechanism.dataHash() != null && mechanism.dataHash() != pssHash || mgf != Mechanism.mgf1(pssHash)
                    || saltLength != pssHash.digestLength() || pssHash == HashAlgorithm.SHA1 || pssHash == HashAlgorithm.SHA224) {
                throw new CkrException(Ck.CKR_MECHANISM_PARAM_INVALID);
            }
        } else if (!Native.isNull(parameter) || parameterLength != 0) {
            throw new CkrException(Ck.CKR_MECHANISM_PARAM_INVALID);
        }
        return new SignOperation(mechanism, key, pssHash);
    }

    TokenObject key() {
        return key;
    }

    /** The signature's length, known without the card: the modulus length, or twice the field length. */
    int signatureLength() {
        KeyEntry k = key.key();
        if (k.publicKey() instanceof RSAPublicKey rsa) {
            return (rsa.getModulus().bitLength() + 7) / 8;
        }
        int field = ((ECPublicKey) k.publicKey()).getParams().getCurve().getField().getFieldSize();
        return 2 * ((field + 7) / 8);
    }

    boolean isMultipart() {
        return multipart;
    }

    void update(byte[] part) {
        multipart = true;
        if (digest != null) {
            digest.update(part);
        } else {
            checkLength(part.length);
            buffer.writeBytes(part);
        }
    }

    /** CKR_DATA_LEN_RANGE, before the input is copied, when a raw mechanism cannot take this much more. */
    void checkLength(long more) {
        if (digest == null && Long.compareUnsigned(more, MAX_RAW_INPUT - buffer.size()) > 0) {
            throw new CkrException(Ck.CKR_DATA_LEN_RANGE);
        }
    }

    /** The raw input collected by C_SignUpdate. */
    byte[] buffered() {
        return buffer.toByteArray();
    }

    /** CKR_DATA_LEN_RANGE unless the raw mechanism can sign this input. */
    void checkInput(byte[] input) {
        if (digest != null) {
            return;
        }
        boolean fits;
        switch (mechanism) {
            case RSA_PKCS:
                fits = input.length > 0 && input.length <= signatureLength() - 11;
                break;
            case RSA_PKCS_PSS:
                fits = input.length == pssHash.digestLength();
                break;
            default:
                fits = input.length > 0 && input.length <= MAX_RAW_INPUT;
        }
        if (!fits) {
            throw new CkrException(Ck.CKR_DATA_LEN_RANGE);
        }
    }

    boolean needsContextLogin() {
        return key.alwaysAuthenticate();
    }

    boolean hasContextLogin() {
        return contextPin != null;
    }

    /** Keeps the PIN of C_Login(CKU_CONTEXT_SPECIFIC) for the card's next signature with this key. */
    void contextLogin(OneTimePin pin) {
        if (contextPin != null) {
            contextPin.wipe();
        }
        contextPin = pin;
    }

    /**
     * Signs {@code input} (the data of C_Sign, or for C_SignFinal null: what the updates gave) on
     * the card.
     */
    byte[] sign(Card card, byte[] input) {
        byte[] toSign;
        HashAlgorithm hash;
        if (digest != null) {
            toSign = input == null ? digest.digest() : digest.digest(input);
            hash = mechanism.dataHash();
        } else {
            toSign = input == null ? buffered() : input;
            checkInput(toSign);
            hash = switch (mechanism.scheme()) {
                case RSA_PSS -> pssHash;
                case ECDSA -> HashAlgorithm.byDigestLength(toSign.length).orElse(null);
                default -> null; // RSA_PKCS: the application built the DigestInfo
            };
        }
        OneTimePin pins = contextPin != null ? contextPin : OneTimePin.none();
        try {
            byte[] signature = card.sign(key.key(), mechanism.scheme(), hash, toSign, pins);
            return fit(signature);
        } finally {
            pins.wipe();
            contextPin = null;
        }
    }

    /** An RSA signature is exactly as long as the modulus; a card may drop leading zeros. */
    private byte[] fit(byte[] signature) {
        int length = signatureLength();
        if (signature.length == length) {
            return signature;
        }
        if (signature.length < length && !mechanism.isEc()) {
            byte[] padded = new byte[length];
            System.arraycopy(signature, 0, padded, length - signature.length, signature.length);
            return padded;
        }
        throw new CkrException(Ck.CKR_DEVICE_ERROR, "The card's signature has " + signature.length + " bytes, not " + length + ".");
    }

    @Override
    public void close() {
        if (contextPin != null) {
            contextPin.wipe();
            contextPin = null;
        }
        byte[] left = buffer.toByteArray();
        Arrays.fill(left, (byte) 0);
        buffer.reset();
    }
}

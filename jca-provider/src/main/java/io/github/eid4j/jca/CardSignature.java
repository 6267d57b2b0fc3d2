package io.github.eid4j.jca;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.SignatureScheme;
import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;

/**
 * What every Eid4j Signature shares: it signs with card keys only, checks at initSign that the
 * card's key can make this kind of signature, lets the card sign the digest (or DigestInfo) its
 * subclass produces, checks the card's signature with the key's certificate before handing it
 * out ({@link SignatureCheck}), and refuses to verify, since any provider can do that with the
 * public key.
 */
abstract class CardSignature extends SignatureSpi {
    static final String VERIFY_ELSEWHERE = "Eid4j signs with card keys; verify with any provider.";

    private final String algorithm;
    private final SignatureScheme scheme;
    private final boolean derOutput;
    private Eid4jPrivateKey key;

    /**
     * @param derOutput ECDSA only: encode r||s as the DER SEQUENCE the JDK's SHA*withECDSA gives,
     *     rather than raw (P1363)
     */
    CardSignature(String algorithm, SignatureScheme scheme, boolean derOutput) {
        this.algorithm = algorithm;
        this.scheme = scheme;
        this.derOutput = derOutput;
    }

    @Override
    protected final void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        key = null;
        Eid4jPrivateKey k = cardKey(privateKey, algorithm);
        if (!k.entry().canSign(scheme)) {
            throw new InvalidKeyException("The " + k.describe() + " of this card cannot make " + schemeName() + " signatures (" + algorithm + ").");
        }
        if (k.isDestroyed()) {
            throw new InvalidKeyException("This " + k.describe() + " was destroyed; get it from the key store again.");
        }
        initSign(k);
        key = k;
    }

    /** The key as an Eid4j key, or the reason why Eid4j cannot use it. */
    static Eid4jPrivateKey cardKey(java.security.Key key, String algorithm) throws InvalidKeyException {
        if (key instanceof Eid4jPrivateKey k) {
            return k;
        }
        throw new InvalidKeyException("Eid4j " + algorithm + " works only with keys from its EID key store, not with a "
                + (key == null ? "null key" : key.getClass().getName()) + ".");
    }

    @Override
    protected final void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        throw new InvalidKeyException(VERIFY_ELSEWHERE);
    }

    @Override
    protected final boolean engineVerify(byte[] signature) throws SignatureException {
        throw new SignatureException(VERIFY_ELSEWHERE);
    }

    @Override
    protected final byte[] engineSign() throws SignatureException {
        if (key == null) {
            throw new SignatureException("Call initSign with a card key first.");
        }
        HashAlgorithm hash = hash();
        byte[] input = toSign(); // resets the subclass's state, as Signature.sign must
        byte[] signature = key.sign(scheme, hash, input);
        SignatureCheck.verify(key, scheme, hash, input, signature);
        if (scheme == SignatureScheme.ECDSA && derOutput) {
            return EcdsaSignatures.toDer(signature);
        }
        return signature;
    }

    /** Called once the key is known to fit; resets the state for a new signature. */
    abstract void initSign(Eid4jPrivateKey key) throws InvalidKeyException;

    /** The hash to name to the card, or null (DigestInfo given by the caller). */
    abstract HashAlgorithm hash() throws SignatureException;

    /** The digest (or DigestInfo) to sign; clears what was collected. */
    abstract byte[] toSign() throws SignatureException;

    final Eid4jPrivateKey key() {
        return key;
    }

    final String algorithm() {
        return algorithm;
    }

    private String schemeName() {
        switch (scheme) {
            case RSA_PSS:
                return "RSASSA-PSS";
            case RSA_PKCS1:
                return "RSA PKCS#1 v1.5";
            default:
                return "ECDSA";
        }
    }

    // Only RSASSA-PSS has parameters; the others take none, as the JDK's.

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (params != null) {
            throw new InvalidAlgorithmParameterException(algorithm + " takes no parameters.");
        }
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        return null;
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException(algorithm + " has no parameter '" + param + "'.");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException(algorithm + " has no parameter '" + param + "'.");
    }
}

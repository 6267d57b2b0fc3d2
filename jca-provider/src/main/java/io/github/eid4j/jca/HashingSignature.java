package io.github.eid4j.jca;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.SignatureScheme;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;

/**
 * SHA*withRSA and SHA*withECDSA (DER or P1363): the message is hashed here as it streams in,
 * never buffered, and only the digest goes to the card.
 */
final class HashingSignature extends CardSignature {
    private final HashAlgorithm hash;
    private final MessageDigest digest;

    HashingSignature(String algorithm, SignatureScheme scheme, HashAlgorithm hash, boolean derOutput) {
        super(algorithm, scheme, derOutput);
        this.hash = hash;
        this.digest = digest(hash);
    }

    static MessageDigest digest(HashAlgorithm hash) {
        try {
            return MessageDigest.getInstance(hash.jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new ProviderException(hash.jcaName() + " is not available in this Java runtime.", e);
        }
    }

    @Override
    void initSign(Eid4jPrivateKey key) {
        digest.reset();
    }

    @Override
    protected void engineUpdate(byte b) {
        digest.update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) {
        digest.update(b, off, len);
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        digest.update(input);
    }

    @Override
    HashAlgorithm hash() {
        return hash;
    }

    @Override
    byte[] toSign() {
        return digest.digest();
    }
}

package io.github.eid4j.jca;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.SignatureScheme;
import java.io.ByteArrayOutputStream;
import java.security.SignatureException;
import java.util.Optional;

/**
 * NONEwithRSA and NONEwithECDSA: the caller hashed. NONEwithRSA takes a DigestInfo (or the raw
 * TLS 1.0/1.1 value), which the card pads as it is; NONEwithECDSA takes a digest, whose length
 * names its hash. The input is small by nature, so it is collected up to that bound.
 */
final class PrehashedSignature extends CardSignature {
    /** The longest digest a card signs (SHA-512). */
    private static final int MAX_DIGEST = 64;

    private final boolean rsa;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream(MAX_DIGEST);
    private int limit;
    private boolean tooLong;

    PrehashedSignature(String algorithm, SignatureScheme scheme, boolean derOutput) {
        super(algorithm, scheme, derOutput);
        this.rsa = scheme == SignatureScheme.RSA_PKCS1;
    }

    @Override
    void initSign(Eid4jPrivateKey key) {
        // PKCS#1 v1.5 padding needs 11 bytes of the modulus.
        limit = rsa ? (((Eid4jRsaPrivateKey) key).getModulus().bitLength() + 7) / 8 - 11 : MAX_DIGEST;
        reset();
    }

    private void reset() {
        data.reset();
        tooLong = false;
    }

    @Override
    protected void engineUpdate(byte b) {
        engineUpdate(new byte[] {b}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) {
        if (tooLong || data.size() + len > limit) {
            tooLong = true; // reported by sign(): update cannot say why
            return;
        }
        data.write(b, off, len);
    }

    @Override
    HashAlgorithm hash() throws SignatureException {
        if (tooLong) {
            reset();
            throw new SignatureException(algorithm() + " signs a digest" + (rsa ? " or DigestInfo" : "") + " of at most " + limit
                    + " bytes, not a message; hash it first or use a SHA*with algorithm.");
        }
        if (rsa) {
            return null; // the card pads the DigestInfo it is given
        }
        Optional<HashAlgorithm> hash = HashAlgorithm.byDigestLength(data.size());
        if (hash.isEmpty()) {
            int length = data.size();
            reset();
            throw new SignatureException(algorithm() + " signs a digest of 20, 28, 32, 48 or 64 bytes (SHA-1 to SHA-512), not " + length + " bytes.");
        }
        return hash.get();
    }

    @Override
    byte[] toSign() {
        byte[] input = data.toByteArray();
        reset();
        return input;
    }
}

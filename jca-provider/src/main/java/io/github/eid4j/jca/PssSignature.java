package io.github.eid4j.jca;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.SignatureScheme;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.ProviderException;
import java.security.SignatureException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidParameterSpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;

/**
 * RSASSA-PSS (parameters from setParameter, as JSSE gives them for TLS 1.3) and
 * SHA256/384/512withRSA/PSS (fixed parameters). The card does PSS with MGF1 of the message hash
 * and a salt as long as the digest, the parameters TLS 1.3 uses; other parameters are refused
 * before anything is hashed. The message is hashed here as it streams in.
 */
final class PssSignature extends CardSignature {
    private final HashAlgorithm fixed;
    private PSSParameterSpec spec;
    private HashAlgorithm hash;
    private MessageDigest digest;
    private boolean hashing; // data was fed since initSign or sign

    /** @param fixed the hash of SHA*withRSA/PSS; null for RSASSA-PSS, which needs setParameter */
    PssSignature(String algorithm, HashAlgorithm fixed) {
        super(algorithm, SignatureScheme.RSA_PSS, false);
        this.fixed = fixed;
        if (fixed != null) {
            use(parametersFor(fixed), fixed);
        }
    }

    static PSSParameterSpec parametersFor(HashAlgorithm hash) {
        return new PSSParameterSpec(hash.jcaName(), "MGF1", new MGF1ParameterSpec(hash.jcaName()), hash.digestLength(),
                PSSParameterSpec.TRAILER_FIELD_BC);
    }

    private void use(PSSParameterSpec params, HashAlgorithm h) {
        spec = params;
        hash = h;
        digest = HashingSignature.digest(h);
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (params == null) {
            if (fixed == null) {
                throw new InvalidAlgorithmParameterException("RSASSA-PSS needs a PSSParameterSpec.");
            }
            return;
        }
        if (hashing) {
            throw new InvalidAlgorithmParameterException("The PSS parameters cannot change in the middle of a signature.");
        }
        if (!(params instanceof PSSParameterSpec pss)) {
            throw new InvalidAlgorithmParameterException(algorithm() + " takes a PSSParameterSpec, not a " + params.getClass().getName() + ".");
        }
        HashAlgorithm h = cardHash(pss.getDigestAlgorithm());
        String mgfHash = pss.getMGFParameters() instanceof MGF1ParameterSpec mgf1 ? mgf1.getDigestAlgorithm() : null;
        if (h == null || (fixed != null && h != fixed) || !"MGF1".equalsIgnoreCase(pss.getMGFAlgorithm()) || mgfHash == null
                || cardHash(mgfHash) != h || pss.getSaltLength() != h.digestLength() || pss.getTrailerField() != PSSParameterSpec.TRAILER_FIELD_BC) {
            throw new InvalidAlgorithmParameterException("The card makes RSASSA-PSS signatures only with SHA-1 to SHA-512, MGF1 of the same hash"
                    + " and a salt as long as the digest" + (fixed == null ? "" : " (" + fixed.jcaName() + ", " + fixed.digestLength() + " bytes)")
                    + "; these parameters ask for " + describe(pss) + ".");
        }
        use(pss, h);
    }

    /** SHA-256, SHA256 and sha-256 alike; null for hashes the card does not know. */
    private static HashAlgorithm cardHash(String name) {
        String n = name == null ? "" : name.toUpperCase(Locale.ROOT).replace("-", "");
        for (HashAlgorithm h : HashAlgorithm.values()) {
            if (h.jcaName().replace("-", "").equals(n)) {
                return h;
            }
        }
        return null;
    }

    private static String describe(PSSParameterSpec pss) {
        String mgf = pss.getMGFAlgorithm() + (pss.getMGFParameters() instanceof MGF1ParameterSpec m ? " with " + m.getDigestAlgorithm() : "");
        return pss.getDigestAlgorithm() + ", " + mgf + ", a salt of " + pss.getSaltLength() + " bytes";
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        if (spec == null) {
            return null;
        }
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
            parameters.init(spec);
            return parameters;
        } catch (java.security.NoSuchAlgorithmException | InvalidParameterSpecException e) {
            throw new ProviderException("The Java runtime cannot encode RSASSA-PSS parameters.", e);
        }
    }

    @Override
    void initSign(Eid4jPrivateKey key) {
        hashing = false;
        if (digest != null) {
            digest.reset();
        }
    }

    private MessageDigest digest() throws SignatureException {
        if (digest == null) {
            throw new SignatureException("RSASSA-PSS needs its parameters: call setParameter with a PSSParameterSpec before signing.");
        }
        hashing = true;
        return digest;
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        digest().update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        digest().update(b, off, len);
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        if (digest == null) {
            // engineUpdate(ByteBuffer) cannot throw SignatureException; sign() reports the missing parameters
            return;
        }
        hashing = true;
        digest.update(input);
    }

    @Override
    HashAlgorithm hash() throws SignatureException {
        digest();
        return hash;
    }

    @Override
    byte[] toSign() throws SignatureException {
        byte[] d = digest().digest();
        hashing = false;
        return d;
    }
}

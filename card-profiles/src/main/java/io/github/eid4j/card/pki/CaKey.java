package io.github.eid4j.card.pki;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * The key and signature algorithm of a test CA, after DVV's two chains (the certificates of the
 * specimen cards in libelectronic-id's recordings, docs/recordings.md): the FINEID v4 chain's CA
 * signs with ecdsa-with-SHA384 under a P-384 key, the v3 chain's with sha256WithRSAEncryption
 * under an RSA-4096 key. LuxTrust's CAs sign sha256WithRSAEncryption under RSA-4096 keys too; the
 * LuxTrust-shaped test CAs use RSA-2048 for both, which makes a virtual card in a third of the
 * time and which no verifier treats otherwise.
 */
enum CaKey {
    /** P-384, ecdsa-with-SHA384 written with NULL parameters, as DVV's G5E CA writes it ({@code 30 0C 06 08 2A8648CE3D040303 05 00}). */
    EC_P384("EC", new ECGenParameterSpec("secp384r1"), "SHA384withECDSA", true),
    /** RSA-4096, sha256WithRSAEncryption, as DVV's G3 CA (the test CA's signature is 512 bytes, as the real one is). */
    RSA_4096("RSA", new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4), "SHA256withRSA", false),
    /** RSA-2048, sha256WithRSAEncryption: a CA made fast, where the key's size matters to no test (DVV's v3 root, LuxTrust's CAs). */
    RSA_2048("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), "SHA256withRSA", false);

    private final String algorithm;
    private final AlgorithmParameterSpec parameters;
    private final String signatureAlgorithm;
    private final boolean nullParameters;

    CaKey(String algorithm, AlgorithmParameterSpec parameters, String signatureAlgorithm, boolean nullParameters) {
        this.algorithm = algorithm;
        this.parameters = parameters;
        this.signatureAlgorithm = signatureAlgorithm;
        this.nullParameters = nullParameters;
    }

    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(parameters, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot make " + this + " keys: " + e.getMessage(), e);
        }
    }

    /** The signer as the issuer writes its AlgorithmIdentifier (RFC 5758 omits ECDSA's parameters; DVV writes NULL). */
    ContentSigner asIssuerWritesIt(ContentSigner signer) {
        if (!nullParameters) {
            return signer;
        }
        AlgorithmIdentifier written = new AlgorithmIdentifier(
                new DefaultSignatureAlgorithmIdentifierFinder().find(signatureAlgorithm).getAlgorithm(), DERNull.INSTANCE);
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return written;
            }

            @Override
            public OutputStream getOutputStream() {
                return signer.getOutputStream();
            }

            @Override
            public byte[] getSignature() {
                return signer.getSignature();
            }
        };
    }
}

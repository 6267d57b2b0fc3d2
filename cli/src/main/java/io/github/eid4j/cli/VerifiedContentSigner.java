package io.github.eid4j.cli;

import io.github.eid4j.jca.WrongSignatureException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jcajce.io.OutputStreamFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.util.io.TeeOutputStream;

/**
 * A CMS ContentSigner that checks its signature with the signer's certificate before it lets it
 * out, so that a document is never written with a signature nobody can verify. It sees what is
 * signed (the DER of the signed attributes, a few hundred bytes), not the document, so the check
 * costs one public-key operation and no second pass over the file.
 */
final class VerifiedContentSigner implements ContentSigner {
    static final String WRONG_SIGNATURE = "The card returned a signature that does not verify with its certificate; nothing was written.";

    private final ContentSigner signer;
    private final Signature verifier;
    private final OutputStream signed;

    /**
     * @param algorithm the JCA name of {@code signer}'s algorithm, for the verifier
     */
    VerifiedContentSigner(ContentSigner signer, String algorithm, X509Certificate certificate) throws GeneralSecurityException {
        this.signer = signer;
        // A software provider verifies: Eid4j's engines take card keys only. The public key, not
        // the certificate: initVerify(Certificate) refuses a non-repudiation-only certificate.
        this.verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        this.signed = new TeeOutputStream(signer.getOutputStream(), OutputStreamFactory.createStream(verifier));
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return signer.getAlgorithmIdentifier();
    }

    @Override
    public OutputStream getOutputStream() {
        return signed;
    }

    @Override
    public byte[] getSignature() {
        byte[] signature;
        try {
            signature = signer.getSignature();
        } catch (WrongSignatureException e) {
            throw new WrongSignatureException(WRONG_SIGNATURE); // the provider checked first; say what it means here
        }
        boolean valid;
        try {
            valid = verifier.verify(signature);
        } catch (SignatureException e) {
            valid = false; // not even shaped as a signature
        }
        if (!valid) {
            throw new WrongSignatureException(WRONG_SIGNATURE);
        }
        return signature;
    }
}

package io.github.eid4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import io.github.eid4j.jca.WrongSignatureException;

/** CMS (PKCS#7) detached signatures: made with a card key through a JCA provider, checked with BouncyCastle. */
final class CmsDocuments {
    private CmsDocuments() {
    }

    /** The JCA algorithm a card key signs documents with: SHA-256 with the key's own scheme. */
    static String algorithmFor(PrivateKey key) {
        return "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
    }

    /**
     * Signs {@code document} with {@code key} (its certificate chain is embedded) and returns the
     * DER of the CMS, once its signature verifies with the chain's first certificate.
     *
     * @throws WrongSignatureException if it does not
     */
    static byte[] sign(Path document, PrivateKey key, List<X509Certificate> chain, Provider provider)
            throws IOException, GeneralSecurityException, OperatorCreationException, CMSException {
        String algorithm = algorithmFor(key);
        ContentSigner signer = new VerifiedContentSigner(new JcaContentSignerBuilder(algorithm).setProvider(provider).build(key),
                algorithm, chain.get(0));
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(signer, chain.get(0)));
        generator.addCertificates(new JcaCertStore(chain));
        // Streams the file: the document is hashed, never held in memory whole.
        return generator.generate(new CMSProcessableFile(document.toFile()), false).getEncoded();
    }

    /**
     * Checks a detached CMS signature over {@code document}.
     *
     * @return the signer's certificate
     * @throws CMSException if the signature does not match the document or is not a CMS signature
     */
    static X509Certificate verify(Path document, byte[] signature) throws IOException, CMSException, CertificateException,
            OperatorCreationException {
        CMSSignedData cms;
        try {
            cms = new CMSSignedData(new CMSProcessableFile(document.toFile()), signature);
        } catch (CMSException | IllegalArgumentException e) {
            throw new CMSException("the signature file is not a CMS (PKCS#7) signature.");
        }
        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new CMSException("the signature file holds " + signers.size() + " signatures; eid verify checks files with one.");
        }
        SignerInformation signer = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
        if (matches.isEmpty()) {
            throw new CMSException("the signature does not include the signer's certificate.");
        }
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
        boolean valid;
        try {
            valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
        } catch (org.bouncycastle.cms.CMSSignerDigestMismatchException e) {
            valid = false;
        }
        if (!valid) {
            throw new CMSException("the signature does not match the document, which was changed or is another document.");
        }
        return certificate;
    }

}

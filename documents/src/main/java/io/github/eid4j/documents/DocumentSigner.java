package io.github.eid4j.documents;

import eu.europa.esig.dss.cades.CAdESSignatureParameters;
import eu.europa.esig.dss.cades.signature.CAdESService;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.JWSSerializationType;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.jades.JAdESSignatureParameters;
import eu.europa.esig.dss.jades.signature.JAdESService;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DigestDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.signature.AbstractSignatureParameters;
import eu.europa.esig.dss.signature.DocumentSignatureService;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import eu.europa.esig.dss.token.DSSPrivateKeyEntry;
import eu.europa.esig.dss.token.SignatureTokenConnection;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.signature.XAdESService;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;

/**
 * Makes one AdES signature of a document with a key of a DSS signature token (the card's, through
 * {@link Eid4jSignatureToken}): the format and level say what DSS builds, the token signs once.
 * A CAdES signature is detached and signs the digest of the document read once as a stream, so the
 * document's size does not matter; the other formats hold the document and DSS reads it whole.
 */
public final class DocumentSigner {

    private final AdesFormat format;
    private final BaselineLevel level;
    private TSPSource timeStamps;
    private CertificateVerifier verifier = new CommonCertificateVerifier();

    public DocumentSigner(AdesFormat format, BaselineLevel level) {
        this.format = Objects.requireNonNull(format);
        this.level = Objects.requireNonNull(level);
    }

    /** The time-stamping authority of B-T and B-LT signatures, e.g. {@link TimeStampAuthority}. */
    public DocumentSigner timeStamps(TSPSource source) {
        this.timeStamps = source;
        return this;
    }

    /** Where a B-LT signature's certificates and revocation data come from (trusted roots, OCSP, CRL). */
    public DocumentSigner certificateVerifier(CertificateVerifier certificateVerifier) {
        this.verifier = Objects.requireNonNull(certificateVerifier);
        return this;
    }

    /**
     * Signs {@code document} with {@code key} of {@code token}.
     *
     * @return the signature: for CAdES the detached {@code .p7s}, for the others the signed document
     * @throws IllegalStateException if a B-T or B-LT signature has no time-stamping authority
     */
    public DSSDocument sign(DSSDocument document, SignatureTokenConnection token, DSSPrivateKeyEntry key) {
        if (level != BaselineLevel.B_B && timeStamps == null) {
            throw new IllegalStateException("A " + level.etsiName() + " signature needs a time-stamping authority.");
        }
        return switch (format) {
            case CADES -> {
                CAdESSignatureParameters parameters = new CAdESSignatureParameters();
                parameters.setSignaturePackaging(SignaturePackaging.DETACHED);
                // The digest of the document read as a stream, once: DSS signs the digest and never holds the
                // file (handed the file, DSS 6.3 streams it too, but reads it several times: 76 s against 16 s for 4 GiB).
                DigestAlgorithm digest = digestFor(key.getCertificate().getPublicKey());
                DSSDocument digested = document instanceof DigestDocument ? document
                        : new DigestDocument(digest, document.getDigestValue(digest), document.getName());
                yield sign(new CAdESService(verifier), parameters, digested, token, key);
            }
            case PADES -> sign(new PAdESService(verifier), new PAdESSignatureParameters(), document, token, key);
            case XADES -> {
                XAdESSignatureParameters parameters = new XAdESSignatureParameters();
                parameters.setSignaturePackaging(SignaturePackaging.ENVELOPING);
                yield sign(new XAdESService(verifier), parameters, document, token, key);
            }
            case JADES -> {
                JAdESSignatureParameters parameters = new JAdESSignatureParameters();
                parameters.setSignaturePackaging(SignaturePackaging.ENVELOPING);
                parameters.setJwsSerializationType(JWSSerializationType.COMPACT_SERIALIZATION);
                yield sign(new JAdESService(verifier), parameters, document, token, key);
            }
        };
    }

    /**
     * The digest of a key's strength: SHA-256 for RSA and P-256, SHA-384 for P-384 (FINEID v4),
     * SHA-512 for P-521. JAdES requires that pairing (RFC 7518 §3.4); the other formats get the same
     * so that one card signs alike in each.
     */
    static DigestAlgorithm digestFor(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits > 384 ? DigestAlgorithm.SHA512 : bits > 256 ? DigestAlgorithm.SHA384 : DigestAlgorithm.SHA256;
        }
        return DigestAlgorithm.SHA256;
    }

    private <P extends AbstractSignatureParameters<?>> DSSDocument sign(DocumentSignatureService<P, ?> service, P parameters,
            DSSDocument document, SignatureTokenConnection token, DSSPrivateKeyEntry key) {
        parameters.setSignatureLevel(format.level(level));
        parameters.setDigestAlgorithm(digestFor(key.getCertificate().getPublicKey()));
        parameters.setSigningCertificate(key.getCertificate());
        parameters.setCertificateChain(key.getCertificateChain());
        service.setTspSource(timeStamps);
        ToBeSigned data = service.getDataToSign(document, parameters);
        SignatureValue value = token.sign(data, parameters.getDigestAlgorithm(), key);
        return service.signDocument(document, parameters, value);
    }
}

package io.github.eid4j.documents;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.simplereport.jaxb.XmlTimestamp;
import eu.europa.esig.dss.spi.exception.IllegalInputException;
import eu.europa.esig.dss.spi.signature.AdvancedSignature;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;

/**
 * Validates an AdES signature of any of the four formats with DSS's validator and its default
 * validation policy, against the certificate authorities the caller trusts. Unless told to go
 * {@link #online()} it validates offline: what a B-LT signature carries is used, nothing is fetched.
 */
public final class DocumentValidation {
    private final CommonCertificateVerifier verifier = new CommonCertificateVerifier();
    private final CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();

    public DocumentValidation() {
        verifier.setTrustedCertSources(trusted);
    }

    /** Trusts {@code authority}: a chain that ends in it is a chain to a trusted root. */
    public DocumentValidation trust(X509Certificate authority) {
        trusted.addCertificate(new CertificateToken(authority));
        return this;
    }

    /** Fetches the revocation data a signature does not carry from the certificates' OCSP responders and CRLs ({@link OnlineRevocation}). */
    public DocumentValidation online() {
        OnlineRevocation.addTo(verifier);
        return this;
    }

    /** The verifier this validation uses, to add revocation sources (OCSP, CRL) or more trust. */
    public CommonCertificateVerifier certificateVerifier() {
        return verifier;
    }

    /**
     * Validates the first signature of {@code signed}.
     *
     * @param detachedOriginal the signed document for a detached signature (CAdES {@code .p7s}); null otherwise
     * @throws IllegalArgumentException with one sentence if {@code signed} holds no signature DSS knows
     */
    public SignatureVerdict validate(DSSDocument signed, DSSDocument detachedOriginal) {
        SignedDocumentValidator validator;
        try {
            validator = SignedDocumentValidator.fromDocument(signed);
        } catch (IllegalInputException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(signed.getName() + " is not a signature eid4j can check (CAdES, PAdES, XAdES or JAdES).", e);
        }
        validator.setCertificateVerifier(verifier);
        if (detachedOriginal != null) {
            validator.setDetachedContents(List.of(detachedOriginal));
        }
        List<AdvancedSignature> signatures = validator.getSignatures();
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException(signed.getName() + " holds no signature.");
        }
        Reports reports = validator.validateDocument();
        SimpleReport report = reports.getSimpleReport();
        String id = report.getFirstSignatureId();
        CertificateToken signer = signatures.stream().filter(s -> s.getId().equals(id)).findFirst().orElse(signatures.get(0))
                .getSigningCertificateToken();
        Date timeStamp = report.getSignatureTimestamps(id).stream().map(XmlTimestamp::getProductionTime).min(Date::compareTo).orElse(null);
        List<String> errors = report.getAdESValidationErrors(id).stream().map(m -> m.getValue()).toList();
        return new SignatureVerdict(report.getIndication(id), report.getSubIndication(id), report.getSignatureFormat(id).toString(),
                signer == null ? null : signer.getCertificate(), report.getSigningTime(id), timeStamp, report.getSignaturesCount(), errors);
    }
}

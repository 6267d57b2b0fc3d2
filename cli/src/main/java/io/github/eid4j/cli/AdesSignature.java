package io.github.eid4j.cli;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.token.DSSPrivateKeyEntry;
import io.github.eid4j.documents.AdesFormat;
import io.github.eid4j.documents.BaselineLevel;
import io.github.eid4j.documents.DocumentSigner;
import io.github.eid4j.documents.Eid4jSignatureToken;
import io.github.eid4j.documents.OnlineRevocation;
import io.github.eid4j.documents.TimeStampAuthority;
import io.github.eid4j.jca.Eid4jProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/** What {@code eid sign --format} makes: an AdES signature of a file with a key of the card, through EU DSS. */
record AdesSignature(AdesFormat format, BaselineLevel level, URI timeStampAuthority) {

    AdesSignature {
        if (level != BaselineLevel.B_B && timeStampAuthority == null) {
            throw new IllegalArgumentException("A " + level.etsiName() + " signature needs a time-stamp: give the time-stamping authority's address with --tsa <url>.");
        }
        if (level == BaselineLevel.B_B && timeStampAuthority != null) {
            throw new IllegalArgumentException("--tsa goes with --level B-T or B-LT; a B-B signature has no time-stamp.");
        }
    }

    /** The format and level as ETSI names them, e.g. {@code PAdES B-T}. */
    String describe() {
        return format.etsiName() + " " + level.etsiName();
    }

    /**
     * Signs {@code document} with the card's key {@code alias} and writes the signature to {@code target}.
     *
     * @return the signing certificate
     */
    X509Certificate sign(Path document, Path target, Eid4jProvider provider, String alias) throws Exception {
        DocumentSigner signer = new DocumentSigner(format, level);
        if (timeStampAuthority != null) {
            signer.timeStamps(new TimeStampAuthority(timeStampAuthority));
        }
        Eid4jSignatureToken token = new Eid4jSignatureToken(provider);
        try {
            DSSPrivateKeyEntry key = token.getKey(alias);
            if (level == BaselineLevel.B_LT) {
                signer.certificateVerifier(revocationOfTheChain(key));
            }
            DSSDocument signed = signer.sign(new FileDocument(document.toFile()), token, key);
            try (InputStream in = signed.openStream()) {
                OutputFiles.write(target, in.readAllBytes()); // only a signature made and checked is written
            }
            return key.getCertificate().getCertificate();
        } catch (Exception | Error failure) {
            // As with CMS: the first reason counts, and the card is reset as the command ends either way.
            Throwable reason = failure instanceof DSSException dss ? cardOrDssReason(dss) : failure;
            try {
                token.close();
            } catch (RuntimeException again) {
                reason.addSuppressed(again);
            }
            if (reason instanceof Error error) {
                throw error;
            }
            throw (Exception) reason;
        }
    }

    /**
     * What a B-LT signature carries: the OCSP answer (or CRL) of the signing certificate, fetched
     * now from its issuer. The card's own CA certificates end the chain: the signer vouches for
     * its issuer, and whoever validates the signature later decides whom to trust.
     */
    private static CommonCertificateVerifier revocationOfTheChain(DSSPrivateKeyEntry key) {
        CommonTrustedCertificateSource issuers = new CommonTrustedCertificateSource();
        CertificateToken[] chain = key.getCertificateChain();
        for (int i = 1; i < chain.length; i++) {
            issuers.addCertificate(chain[i]);
        }
        CommonCertificateVerifier verifier = OnlineRevocation.addTo(new CommonCertificateVerifier());
        verifier.setTrustedCertSources(issuers);
        // DSS's own alerts name certificates by internal ids; these say what the signer can do.
        verifier.setAlertOnRevokedCertificate(status -> {
            throw new IllegalStateException("The signing certificate is suspended or revoked, its issuer says; a signature made with it"
                    + " now would not be valid, so eid wrote none.");
        });
        verifier.setAlertOnMissingRevocationData(status -> {
            throw new IllegalStateException("The issuer of the signing certificate gave no OCSP answer or CRL, which a B-LT signature"
                    + " must carry; try again when it answers, or sign at --level B-T.");
        });
        return verifier;
    }

    /**
     * DSS wraps the card's exceptions in its own, with "Unable to sign : " before their sentence;
     * the user needs the card's sentence (wrong PIN, blocked PIN) as the provider wrote it.
     */
    private static Exception cardOrDssReason(DSSException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getClass().getName().startsWith("io.github.eid4j.") || cause instanceof IOException) {
                return cause instanceof Exception x ? x : e;
            }
        }
        return e;
    }
}

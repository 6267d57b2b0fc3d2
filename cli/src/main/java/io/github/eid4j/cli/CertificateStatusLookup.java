package io.github.eid4j.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Asks a certificate's CA for its status: the OCSP responders its authorityInfoAccess names
 * first, then the CRLs of its distribution points, each with a short time limit. The answers are
 * checked against the issuer's key (from the card); a host that did not answer once is not asked
 * again in the same run, so a card read offline costs one time limit, not one per certificate.
 * Only the status is shown: the card goes on working whatever it is.
 */
final class CertificateStatusLookup {
    /** How long one request may take: long enough for a CA across the internet, short enough for a user waiting. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(3);

    private final Duration timeLimit;
    private final Clock clock;
    private final HttpClient http;
    private final Set<String> silentHosts = new HashSet<>();

    CertificateStatusLookup(Duration timeLimit, Clock clock) {
        this.timeLimit = timeLimit;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeLimit).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    CertificateStatusLookup() {
        this(TIME_LIMIT, Clock.systemUTC());
    }

    /** The status of {@code certificate}, whose issuer is among {@code caCertificates} (the card's). */
    CertificateStatus statusOf(X509Certificate certificate, List<X509Certificate> caCertificates) {
        Instant now = clock.instant();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            return new CertificateStatus(CertificateStatus.Kind.EXPIRED, certificate.getNotAfter().toInstant(), null, null);
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            return new CertificateStatus(CertificateStatus.Kind.NOT_YET_VALID, certificate.getNotBefore().toInstant(), null, null);
        }
        List<String> ocsp;
        List<String> crls;
        try {
            JcaX509CertificateHolder holder = new JcaX509CertificateHolder(certificate);
            ocsp = ocspUris(holder);
            crls = crlUris(holder);
        } catch (GeneralSecurityException | RuntimeException e) {
            // BouncyCastle's parsers throw several runtime exceptions for a malformed extension; a card's is never trusted.
            return CertificateStatus.unknown(CertificateStatus.Kind.UNKNOWN, "its status extensions cannot be read: " + e.getMessage());
        }
        if (ocsp.isEmpty() && crls.isEmpty()) {
            return CertificateStatus.unknown(CertificateStatus.Kind.NOT_PUBLISHED, null);
        }
        Optional<X509Certificate> issuer = issuerOf(certificate, caCertificates);
        if (issuer.isEmpty()) {
            return CertificateStatus.unknown(CertificateStatus.Kind.UNKNOWN, "the card does not hold its issuer's certificate to check the answer");
        }
        Set<String> silent = new LinkedHashSet<>();
        String refused = null;
        for (String uri : ocsp) {
            try {
                return askOcsp(uri, certificate, issuer.get());
            } catch (Silent e) {
                silent.add(e.getMessage());
            } catch (Refused e) {
                refused = refused != null ? refused : e.getMessage();
            }
        }
        for (String uri : crls) {
            try {
                return readCrl(uri, certificate, issuer.get(), now);
            } catch (Silent e) {
                silent.add(e.getMessage());
            } catch (Refused e) {
                refused = refused != null ? refused : e.getMessage();
            }
        }
        if (refused != null) {
            return CertificateStatus.unknown(CertificateStatus.Kind.UNKNOWN, refused);
        }
        return CertificateStatus.unknown(CertificateStatus.Kind.UNKNOWN_OFFLINE, "no answer from " + String.join(" or ", silent)
                + " within " + timeLimit.toSeconds() + " s");
    }

    private CertificateStatus askOcsp(String uri, X509Certificate certificate, X509Certificate issuer) throws Silent, Refused {
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer), certificate.getSerialNumber());
            byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
            byte[] body = fetch(uri, HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)));
            OCSPResp response = new OCSPResp(body);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new Refused("the OCSP responder " + uri + " refused to answer (status " + response.getStatus() + ")");
            }
            BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
            if (!signedForIssuer(basic, issuer)) {
                throw new Refused("the answer of the OCSP responder " + uri + " is not signed for the certificate's issuer");
            }
            for (SingleResp single : basic.getResponses()) {
                if (single.getCertID().equals(id)) {
                    Object status = single.getCertStatus();
                    if (status == null) { // BouncyCastle's CertificateStatus.GOOD
                        return CertificateStatus.answered(null, null, "OCSP");
                    }
                    if (status instanceof RevokedStatus revoked) {
                        CRLReason reason = revoked.hasRevocationReason() ? CRLReason.values()[revoked.getRevocationReason()]
                                : CRLReason.UNSPECIFIED;
                        return CertificateStatus.answered(reason, revoked.getRevocationTime().toInstant(), "OCSP");
                    }
                    throw new Refused("the OCSP responder " + uri + " does not know the certificate");
                }
            }
            throw new Refused("the OCSP responder " + uri + " answered for another certificate");
        } catch (IOException | GeneralSecurityException | org.bouncycastle.operator.OperatorException
                | org.bouncycastle.cert.ocsp.OCSPException | org.bouncycastle.cert.CertException
                | ClassCastException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new Refused("the OCSP responder " + uri + " gave no usable answer (" + e.getMessage() + ")");
        }
    }

    /** Signed by the issuer itself, or by a responder the issuer certified for OCSP signing (RFC 6960 4.2.2.2). */
    private static boolean signedForIssuer(BasicOCSPResp basic, X509Certificate issuer)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException, org.bouncycastle.cert.ocsp.OCSPException, org.bouncycastle.cert.CertException {
        JcaContentVerifierProviderBuilder verifiers = new JcaContentVerifierProviderBuilder();
        if (basic.isSignatureValid(verifiers.build(issuer.getPublicKey()))) {
            return true;
        }
        for (X509CertificateHolder responder : basic.getCerts()) {
            ExtendedKeyUsage usage = ExtendedKeyUsage.fromExtensions(responder.getExtensions());
            if (usage != null && usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)
                    && responder.isSignatureValid(verifiers.build(issuer.getPublicKey()))
                    && basic.isSignatureValid(verifiers.build(responder))) {
                return true;
            }
        }
        return false;
    }

    private CertificateStatus readCrl(String uri, X509Certificate certificate, X509Certificate issuer, Instant now) throws Silent, Refused {
        X509CRL crl;
        try {
            crl = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(fetch(uri, HttpRequest.newBuilder(URI.create(uri)).GET())));
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Refused("the CRL at " + uri + " is not one its issuer signed (" + e.getMessage() + ")");
        }
        if (crl.getNextUpdate() != null && now.isAfter(crl.getNextUpdate().toInstant())) {
            throw new Refused("the CRL at " + uri + " is out of date since " + crl.getNextUpdate().toInstant());
        }
        X509CRLEntry entry = crl.getRevokedCertificate(certificate);
        if (entry == null) {
            return CertificateStatus.answered(null, null, "CRL");
        }
        CRLReason reason = entry.getRevocationReason() != null ? entry.getRevocationReason() : CRLReason.UNSPECIFIED;
        return CertificateStatus.answered(reason, entry.getRevocationDate().toInstant(), "CRL");
    }

    /** The body of a 200 answer; {@link Silent} when the host does not answer in time (or did not before). */
    private byte[] fetch(String uri, HttpRequest.Builder request) throws Silent, Refused {
        URI address = URI.create(uri);
        String host = address.getAuthority();
        if (silentHosts.contains(host)) {
            throw new Silent(host);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.timeout(timeLimit).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            silentHosts.add(host);
            throw new Silent(host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Silent(host);
        }
        if (response.statusCode() != 200) {
            throw new Refused(uri + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    private static Optional<X509Certificate> issuerOf(X509Certificate certificate, List<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(candidate.getPublicKey());
                    return Optional.of(candidate);
                } catch (GeneralSecurityException | RuntimeException e) {
                    // the same name on another key (or a key the JDK cannot use): not this one
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> ocspUris(X509CertificateHolder certificate) {
        Set<String> uris = new LinkedHashSet<>();
        AuthorityInformationAccess access = AuthorityInformationAccess.fromExtensions(certificate.getExtensions());
        if (access != null) {
            for (AccessDescription d : access.getAccessDescriptions()) {
                if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)) {
                    http(d.getAccessLocation()).ifPresent(uris::add);
                }
            }
        }
        return new ArrayList<>(uris);
    }

    private static List<String> crlUris(X509CertificateHolder certificate) {
        Set<String> uris = new LinkedHashSet<>();
        Extension extension = certificate.getExtension(Extension.cRLDistributionPoints);
        if (extension != null) {
            for (DistributionPoint point : CRLDistPoint.getInstance(extension.getParsedValue()).getDistributionPoints()) {
                DistributionPointName name = point.getDistributionPoint();
                if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                    for (GeneralName g : GeneralNames.getInstance(name.getName()).getNames()) {
                        http(g).ifPresent(uris::add);
                    }
                }
            }
        }
        return new ArrayList<>(uris);
    }

    private static Optional<String> http(GeneralName name) {
        if (name.getTagNo() != GeneralName.uniformResourceIdentifier) {
            return Optional.empty();
        }
        String uri = name.getName().toString();
        return uri.startsWith("http://") || uri.startsWith("https://") ? Optional.of(uri) : Optional.empty();
    }

    /** The host did not answer in time, or refused the connection. */
    private static final class Silent extends Exception {
        private static final long serialVersionUID = 1L;

        Silent(String host) {
            super(host, null, false, false);
        }
    }

    /** The host answered, but not with a status one can trust. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String sentence) {
            super(sentence, null, false, false);
        }
    }
}

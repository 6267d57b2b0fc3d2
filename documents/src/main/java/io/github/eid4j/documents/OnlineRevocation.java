package io.github.eid4j.documents;

import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.spi.client.http.NativeHTTPDataLoader;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.aia.DefaultAIASource;

/**
 * Revocation data fetched where each certificate says: its OCSP responder (authorityInfoAccess),
 * else its CRL distribution point, and its issuer's certificate (caIssuers). The JDK's HTTP client
 * (DSS's {@link NativeHTTPDataLoader}) does the fetching, not Apache HttpClient; each answer has
 * {@link #TIME_LIMIT_MILLIS} to come, so an issuer that is offline costs seconds, not minutes.
 */
public final class OnlineRevocation {
    /** How long one connection and one answer may take: what eid status allows an issuer too. */
    static final int TIME_LIMIT_MILLIS = 3000;

    private OnlineRevocation() {
    }

    /** Gives {@code verifier} the online OCSP, CRL and caIssuers sources; returns it. */
    public static CommonCertificateVerifier addTo(CommonCertificateVerifier verifier) {
        verifier.setOcspSource(new OnlineOCSPSource(loader()));
        verifier.setCrlSource(new OnlineCRLSource(loader()));
        verifier.setAIASource(new DefaultAIASource(loader()));
        return verifier;
    }

    private static NativeHTTPDataLoader loader() {
        NativeHTTPDataLoader loader = new NativeHTTPDataLoader();
        loader.setConnectTimeout(TIME_LIMIT_MILLIS);
        loader.setReadTimeout(TIME_LIMIT_MILLIS);
        return loader;
    }
}

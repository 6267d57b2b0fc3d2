package io.github.eid4j.card.pki;

/**
 * Where a citizen certificate says its issuer's status information is, as DVV's do: the CRL
 * (cRLDistributionPoints), the issuing CA's certificate (authorityInfoAccess caIssuers) and the
 * OCSP responder (authorityInfoAccess ocsp), each an http URI.
 */
public record IssuerLocations(String crl, String caIssuers, String ocsp) {
    /** The CRL file name under a CA's base address, as {@link StatusResponder} serves it. */
    static final String CRL = "ca.crl";
    /** The CA certificate's file name under a CA's base address. */
    static final String CA_CERTIFICATE = "ca.crt";
    /** The OCSP responder's name under a CA's base address. */
    static final String OCSP = "ocsp";

    /** The three addresses under one base, e.g. {@code http://127.0.0.1:28080/fineid-v4}, where {@link StatusResponder} answers. */
    static IssuerLocations under(String base) {
        return new IssuerLocations(base + "/" + CRL, base + "/" + CA_CERTIFICATE, base + "/" + OCSP);
    }
}

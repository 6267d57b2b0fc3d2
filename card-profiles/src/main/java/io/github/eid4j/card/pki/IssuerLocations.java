package io.github.eid4j.card.pki;

/**
 * Where a citizen certificate says its issuer's status information is, as DVV's do: the CRL
 * (cRLDistributionPoints), the issuing CA's certificate (authorityInfoAccess caIssuers) and the
 * OCSP responder (authorityInfoAccess ocsp), each an http URI.
 */
public record IssuerLocations(String crl, String caIssuers, String ocsp) {
}

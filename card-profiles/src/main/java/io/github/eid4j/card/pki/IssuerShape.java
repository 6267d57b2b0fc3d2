package io.github.eid4j.card.pki;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;

/**
 * What a real issuer's PKI looks like, for the test PKI to imitate: the CAs' names and keys, how
 * long citizen certificates last, and what the issuer writes into them.
 */
abstract class IssuerShape {
    private final String country;
    private final String rootName;
    private final String issuingName;
    private final CaKey rootKey;
    private final CaKey issuingKey;
    private final Period citizenValidity;

    IssuerShape(String country, String rootName, String issuingName, CaKey rootKey, CaKey issuingKey,
            Period citizenValidity) {
        this.country = country;
        this.rootName = rootName;
        this.issuingName = issuingName;
        this.rootKey = rootKey;
        this.issuingKey = issuingKey;
        this.citizenValidity = citizenValidity;
    }

    final X500Name rootName() {
        return CitizenSubject.authority(country, rootName);
    }

    final X500Name issuingName() {
        return CitizenSubject.authority(country, issuingName);
    }

    final CaKey rootKey() {
        return rootKey;
    }

    final CaKey issuingKey() {
        return issuingKey;
    }

    /** How long a citizen certificate is valid from its start. */
    final Period citizenValidity() {
        return citizenValidity;
    }

    abstract X500Name subject(Citizen citizen);

    /** The authentication certificate's extensions; {@code locations}, where the CA answers for it, if anywhere. */
    abstract List<Extension> authentication(PublicKey key, Citizen citizen, Optional<IssuerLocations> locations);

    abstract List<Extension> qualifiedSignature(PublicKey key, Citizen citizen, Optional<IssuerLocations> locations);

    /** Where the certificates of a PKI that nothing serves say their status is (DVV's shape names addresses that never answer). */
    abstract Optional<IssuerLocations> unservedLocations();

    /** A made-up citizen whose serial number has this issuer's form and stands out as a test one. */
    abstract Citizen testCitizen(String givenName, String surname, SecureRandom random);
}

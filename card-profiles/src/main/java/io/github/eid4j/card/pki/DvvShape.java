package io.github.eid4j.card.pki;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;

/**
 * DVV's citizen certificate PKI (FINEID): certificates for five years, subjects and extensions as
 * {@link CitizenSubject} and {@link CitizenCertificateProfile} describe them, naming the CRL, CA
 * certificate and OCSP responder where the CA answers ({@link TestPkiHome}), or at
 * {@link TestPki#LOCATIONS} for a PKI nothing serves. DVV has two chains, told apart by
 * their CA keys: {@link #v4Chain()} and {@link #v3Chain()}.
 */
final class DvvShape extends IssuerShape {

    private DvvShape(CaKey rootKey, CaKey issuingKey) {
        super("FI", TestPki.ROOT_NAME, TestPki.ISSUING_NAME, rootKey, issuingKey, Period.ofDays(1826));
    }

    /** The FINEID v4 chain: P-384 CAs signing ecdsa-with-SHA384. */
    static DvvShape v4Chain() {
        return new DvvShape(CaKey.EC_P384, CaKey.EC_P384);
    }

    /**
     * The FINEID v3 chain: the issuing CA signs with an RSA-4096 key, as DVV's G3 CA does (so a
     * citizen certificate has the real one's size); the root's RSA-2048 key, whose size shows in
     * no card's certificate, keeps it quick to make.
     */
    static DvvShape v3Chain() {
        return new DvvShape(CaKey.RSA_2048, CaKey.RSA_4096);
    }

    @Override
    X500Name subject(Citizen citizen) {
        return CitizenSubject.of(citizen);
    }

    @Override
    List<Extension> authentication(PublicKey key, Citizen citizen, Optional<IssuerLocations> locations) {
        return CitizenCertificateProfile.authentication(key, citizen, locations.orElse(TestPki.LOCATIONS));
    }

    @Override
    List<Extension> qualifiedSignature(PublicKey key, Citizen citizen, Optional<IssuerLocations> locations) {
        return CitizenCertificateProfile.qualifiedSignature(key, citizen, locations.orElse(TestPki.LOCATIONS));
    }

    @Override
    Optional<IssuerLocations> unservedLocations() {
        return Optional.of(TestPki.LOCATIONS);
    }

    @Override
    Citizen testCitizen(String givenName, String surname, SecureRandom random) {
        return Citizen.test(givenName, surname, random);
    }
}

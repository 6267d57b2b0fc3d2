package io.github.eid4j.card.pki;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Period;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;

/**
 * DVV's citizen certificate PKI (FINEID): EC P-384 CAs, certificates for five years, subjects
 * and extensions as {@link CitizenSubject} and {@link CitizenCertificateProfile} describe them.
 */
final class DvvShape extends IssuerShape {

    DvvShape() {
        super("FI", TestPki.ROOT_NAME, TestPki.ISSUING_NAME, CertificateAuthority.Keys.EC_P384, Period.ofDays(1826));
    }

    @Override
    X500Name subject(Citizen citizen) {
        return CitizenSubject.of(citizen);
    }

    @Override
    List<Extension> authentication(PublicKey key, Citizen citizen) {
        return CitizenCertificateProfile.authentication(key, citizen);
    }

    @Override
    List<Extension> qualifiedSignature(PublicKey key, Citizen citizen) {
        return CitizenCertificateProfile.qualifiedSignature(key, citizen);
    }

    @Override
    Citizen testCitizen(String givenName, String surname, SecureRandom random) {
        return Citizen.test(givenName, surname, random);
    }
}

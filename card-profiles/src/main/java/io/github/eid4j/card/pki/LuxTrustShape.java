package io.github.eid4j.card.pki;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * LuxTrust's PKI for the Luxembourg eID, as its TEST specimen card shows it (docs/luxembourg.md,
 * "Certificates"): RSA CAs signing sha256WithRSA (2048-bit keys where LuxTrust's have 4096), a
 * root ("Global Root 2") over an issuing CA ("Global Qualified CA 3"); citizen subjects C, CN
 * "Given Surname", SURNAME, GIVENNAME, a 20-digit SERIALNUMBER and the title "Private Person"; no
 * extendedKeyUsage on either certificate.
 * LuxTrust's own policy OIDs are replaced by the TEST policies; the ETSI policies (NCP+,
 * QCP-n-qscd) are kept because they say what kind of certificate it is. A CRL distribution point
 * and the OCSP and CA-issuers addresses when the CA answers ({@link TestPkiHome}), as LuxTrust's
 * certificates name theirs; none for a PKI that nothing serves.
 */
final class LuxTrustShape extends IssuerShape {
    /** ETSI EN 319 411-1 NCP+ (0.4.0.2042.1.2), on the authentication certificate. */
    static final String NCP_PLUS = "0.4.0.2042.1.2";
    /** ETSI EN 319 411-2 QCP-n-qscd (0.4.0.194112.1.2), on the qualified signature certificate. */
    static final String QCP_N_QSCD = "0.4.0.194112.1.2";
    /** Where a test PKI's disclosure statement would be: a reserved name that never resolves (RFC 2606). */
    static final String PDS_URL = "https://pds.eid4j-test.invalid/TEST-PDS.pdf";
    static final String TITLE = "Private Person";
    private static final int SERIAL_LENGTH = 20;

    /** The specimen's certificates run five years and one month. */
    LuxTrustShape() {
        super("LU", TestPki.LUXTRUST_ROOT_NAME, TestPki.LUXTRUST_ISSUING_NAME, CaKey.RSA_2048,
                CaKey.RSA_2048, Period.of(5, 1, 0));
    }

    @Override
    X500Name subject(Citizen citizen) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "LU")
                .addRDN(BCStyle.CN, citizen.givenName() + " " + citizen.surname())
                .addRDN(BCStyle.SURNAME, citizen.surname())
                .addRDN(BCStyle.GIVENNAME, citizen.givenName())
                .addRDN(BCStyle.SERIALNUMBER, citizen.serialNumber())
                .addRDN(BCStyle.T, TITLE)
                .build();
    }

    @Override
    List<Extension> authentication(PublicKey key, Citizen citizen, Optional<IssuerLocations> locations) {
        return withLocations(locations,
                CitizenCertificateProfile.extension(Extension.keyUsage, true,
                        new KeyUsage(CitizenCertificateProfile.authenticationKeyUsage(key))),
                CitizenCertificateProfile.policies(TestPkiOids.AUTHENTICATION_POLICY, NCP_PLUS),
                QcStatements.forKeyOnSignatureDevice());
    }

    @Override
    List<Extension> qualifiedSignature(PublicKey key, Citizen citizen, Optional<IssuerLocations> locations) {
        CitizenCertificateProfile.requireSignatureKey(key);
        return withLocations(locations,
                CitizenCertificateProfile.extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.nonRepudiation)),
                CitizenCertificateProfile.policies(TestPkiOids.QUALIFIED_SIGNATURE_POLICY, QCP_N_QSCD),
                QcStatements.forQualifiedSignature(PDS_URL, "EN"));
    }

    @Override
    Optional<IssuerLocations> unservedLocations() {
        return Optional.empty();
    }

    private static List<Extension> withLocations(Optional<IssuerLocations> locations, Extension... extensions) {
        List<Extension> out = new ArrayList<>(List.of(extensions));
        locations.ifPresent(at -> out.addAll(CitizenCertificateProfile.statusLocations(at)));
        return out;
    }

    /** Twenty digits starting with {@value Citizen#TEST_SERIAL_PREFIX}; what LuxTrust's digits encode is not public. */
    @Override
    Citizen testCitizen(String givenName, String surname, SecureRandom random) {
        StringBuilder serial = new StringBuilder(Citizen.TEST_SERIAL_PREFIX);
        while (serial.length() < SERIAL_LENGTH) {
            serial.append((char) ('0' + random.nextInt(10)));
        }
        return Citizen.of(givenName, surname, serial.toString());
    }
}

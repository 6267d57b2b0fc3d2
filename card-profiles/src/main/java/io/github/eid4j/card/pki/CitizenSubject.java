package io.github.eid4j.card.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The subject name of a citizen certificate, shaped like DVV's: C=FI, SERIALNUMBER (the SATU),
 * GIVENNAME, SURNAME and a CN of "SURNAME GIVENNAME SATU", in that order from the root of the
 * name, as the specimen cards' certificates have them (RFC 4514 text shows them reversed, CN
 * first). The CA names are built here too, so
 * that every name of the test PKI has the conventional country-first order; BouncyCastle's
 * X500Name(String) would keep the order of the text instead.
 */
final class CitizenSubject {
    private CitizenSubject() {
    }

    static X500Name of(Citizen citizen) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "FI")
                .addRDN(BCStyle.SERIALNUMBER, citizen.serialNumber())
                .addRDN(BCStyle.GIVENNAME, citizen.givenName())
                .addRDN(BCStyle.SURNAME, citizen.surname())
                .addRDN(BCStyle.CN, citizen.commonName())
                .build();
    }

    static X500Name authority(String country, String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, country)
                .addRDN(BCStyle.O, "eid4j TEST")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }
}

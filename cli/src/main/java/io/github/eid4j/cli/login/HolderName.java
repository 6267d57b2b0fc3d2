package io.github.eid4j.cli.login;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** The name to greet a certificate's holder by. */
public final class HolderName {
    private HolderName() {
    }

    /**
     * "Maija Meikäläinen", from the GIVENNAME and SURNAME of an eID certificate's subject (both
     * issuers put them there), else its CN.
     */
    public static String of(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        String given = value(subject, BCStyle.GIVENNAME);
        String surname = value(subject, BCStyle.SURNAME);
        if (given == null || surname == null) {
            String commonName = value(subject, BCStyle.CN);
            return commonName == null ? "?" : commonName;
        }
        return given + " " + surname;
    }

    private static String value(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }
}

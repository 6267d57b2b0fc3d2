package io.github.eid4j.card.pkcs15;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

/**
 * An X.509 certificate entry of a CDF (certificates, trusted or useful certificates):
 * <pre>
 * CertificateType ::= CHOICE { x509Certificate CertificateObject {X509CertificateAttributes}, ... }
 * CertificateObject {CertAttributes} ::= PKCS15Object {CommonCertificateAttributes, NULL, CertAttributes}
 * CommonCertificateAttributes ::= SEQUENCE {
 *     iD        Identifier,                 -- the iD of the matching private key
 *     authority BOOLEAN DEFAULT FALSE,      -- TRUE for a CA certificate
 *     ... }
 * X509CertificateAttributes ::= SEQUENCE {
 *     value ObjectValue {Certificate},      -- a Path to the EF holding the DER certificate
 *     ... }                                 -- subject, issuer, serialNumber: not written
 * </pre>
 * with the tags of OpenSC's {@code c_asn1_cert}, {@code c_asn1_com_cert_attr},
 * {@code c_asn1_type_cert_attr} and {@code c_asn1_x509_cert_value_choice} (pkcs15-cert.c).
 * authority is written only when TRUE, since DER leaves out a DEFAULT value, as OpenSC's encoder
 * does too. A certificate stored directly in the CDF ({@code value [0]}) is rejected: eID cards
 * keep certificates in their own EFs.
 *
 * @param common the label and, rarely, flags
 * @param id the iD shared with the private key
 * @param authority whether this is a CA certificate
 * @param path the EF holding the DER certificate, optionally with its length
 */
public record CertificateObject(CommonObjectAttributes common, Identifier id, boolean authority, Path path) {

    public CertificateObject {
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
    }

    ASN1Primitive toAsn1() {
        ASN1EncodableVector classAttributes = new ASN1EncodableVector(2);
        classAttributes.add(new DEROctetString(id.shared()));
        if (authority) {
            classAttributes.add(ASN1Boolean.TRUE);
        }
        ASN1EncodableVector fields = new ASN1EncodableVector(3);
        fields.add(common.toAsn1());
        fields.add(new DERSequence(classAttributes));
        fields.add(new DERTaggedObject(true, 1, new DERSequence(path.toAsn1())));
        return new DERSequence(fields);
    }

    public byte[] encode() {
        return Der.encode(toAsn1());
    }

    /** The content of a CDF holding these objects one after the other. */
    public static byte[] encodeAll(List<CertificateObject> objects) {
        List<byte[]> parts = new ArrayList<>(objects.size());
        objects.forEach(object -> parts.add(object.encode()));
        return Der.concatenate(parts);
    }

    public static CertificateObject decode(byte[] encoded) {
        return Der.decodeOne(encoded, "CDF entry", CertificateObject::fromAsn1);
    }

    /** Every entry of a CDF, skipping 00/FF padding. */
    public static List<CertificateObject> decodeAll(byte[] cdf) {
        return Der.decodeAll(cdf, "CDF entry", CertificateObject::fromAsn1);
    }

    static CertificateObject fromAsn1(ASN1Primitive object, String what) {
        if (!(object instanceof ASN1Sequence)) {
            throw new Pkcs15FormatException("The " + what + " is " + Fields.describe(object)
                    + ", and only X.509 certificates (SEQUENCE) are supported.");
        }
        Fields fields = Fields.of(object, what);
        CommonObjectAttributes common = CommonObjectAttributes.fromAsn1(fields.sequence("commonObjectAttributes"), what);
        Fields classAttributes = Fields.of(fields.sequence("commonCertificateAttributes"),
                "commonCertificateAttributes of the " + what);
        Identifier id = Identifier.decoded(classAttributes.octets("iD"), "iD of the " + what);
        boolean authority = classAttributes.optionalBoolean().orElse(false);
        fields.optionalContext(0);
        Fields typeAttributes = Fields.of(Fields.explicitBase(fields.context(1, "typeAttributes"),
                "typeAttributes of the " + what), "x509CertificateAttributes of the " + what);
        if (!typeAttributes.hasNext()) {
            throw new Pkcs15FormatException("The " + what + " has no certificate value.");
        }
        ASN1Sequence value = typeAttributes.optionalSequence().orElseThrow(() -> new Pkcs15FormatException(
                "The " + what + " holds its certificate directly or by URL, and only a Path is supported."));
        return new CertificateObject(common, id, authority, Path.fromAsn1(value, "certificate path of the " + what));
    }
}

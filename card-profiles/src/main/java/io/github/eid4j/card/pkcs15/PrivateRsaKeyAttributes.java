package io.github.eid4j.card.pkcs15;

import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSequence;

/**
 * <pre>
 * PrivateRSAKeyAttributes ::= SEQUENCE {
 *     value         ObjectValue {RSAPrivateKey},   -- a Path: the key lives on the card
 *     modulusLength INTEGER,                       -- 2048 for FINEID v3
 *     keyInfo       KeyInfo {NULL, PublicKeyOperations} OPTIONAL,   -- skipped
 *     ... }
 * </pre>
 * as OpenSC's {@code c_asn1_rsakey_attr} (pkcs15-prkey.c) reads it.
 *
 * @param value the key's DF or EF
 * @param modulusLength the modulus length in bits
 */
public record PrivateRsaKeyAttributes(Path value, int modulusLength) implements PrivateKeyAttributes {

    public PrivateRsaKeyAttributes {
        Objects.requireNonNull(value, "value");
        if (modulusLength <= 0) {
            throw new IllegalArgumentException("The modulus length must be positive, not " + modulusLength + ".");
        }
    }

    @Override
    public int keySize() {
        return modulusLength;
    }

    ASN1Primitive toAsn1() {
        ASN1EncodableVector fields = new ASN1EncodableVector(2);
        fields.add(value.toAsn1());
        fields.add(new ASN1Integer(modulusLength));
        return new DERSequence(fields);
    }

    static PrivateRsaKeyAttributes fromAsn1(ASN1Primitive object, String what) {
        Fields fields = Fields.of(object, "privateRSAKeyAttributes of the " + what);
        Path value = Path.fromAsn1(fields.sequence("value (a Path)"), "key path of the " + what);
        int modulusLength = fields.integer("modulusLength");
        if (modulusLength <= 0) {
            throw new Pkcs15FormatException("The " + what + " has the modulusLength " + modulusLength
                    + ", which is not positive.");
        }
        return new PrivateRsaKeyAttributes(value, modulusLength);
    }
}

package io.github.eid4j.card.pkcs15;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/**
 * The attributes of an EC private key, written as OpenSC reads them:
 * <pre>
 * PrivateECKeyAttributes ::= SEQUENCE {
 *     value       ObjectValue {ECPrivateKey},    -- a Path
 *     fieldSize   INTEGER OPTIONAL,              -- OpenSC's extension, see below
 *     keyInfo     SEQUENCE { namedCurve OBJECT IDENTIFIER, ... } OPTIONAL,
 *     ... }
 * </pre>
 * ISO/IEC 7816-15 has only {@code value} and {@code keyInfo}, which gives the curve. OpenSC
 * needs the field size to size its buffers and, up to 0.23, reads only an INTEGER after the
 * value, "a proprietary extension to ISO 7816-15 ... follows the definition for modulusLength"
 * ({@code c_asn1_ecckey_attr}, pkcs15-prkey.c); without it OpenSC's PKCS#11 layer cannot sign with
 * the key. OpenSC 0.24 and later also read the curve from {@code keyInfo} in the form
 * {@code SEQUENCE { OBJECT IDENTIFIER }} (their {@code ecDomain}) when the field size is absent.
 * So {@link #of} writes the field size, and {@link #withNamedCurve} adds the curve for readers
 * that follow the standard; a reader that follows only the standard would take the field size
 * for a keyInfo reference, the one ambiguity of this layout.
 *
 * <p>Decoding takes an INTEGER right after the value as the field size, passes over a second
 * INTEGER (OpenSC's keyInfo reference), and takes the first OBJECT IDENTIFIER of a following
 * SEQUENCE as the curve.
 *
 * @param value the key's DF or EF
 * @param fieldLength the size of the curve's field in bits, 384 for P-384
 * @param namedCurve the curve's OID in dotted form, such as 1.3.132.0.34 for P-384
 */
public record PrivateEcKeyAttributes(Path value, OptionalInt fieldLength, Optional<String> namedCurve)
        implements PrivateKeyAttributes {

    public PrivateEcKeyAttributes {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(fieldLength, "fieldLength");
        Objects.requireNonNull(namedCurve, "namedCurve");
        if (fieldLength.isPresent() && fieldLength.getAsInt() <= 0) {
            throw new IllegalArgumentException("The field length must be positive, not " + fieldLength.getAsInt() + ".");
        }
        // Parsing the OID rejects text that is not a dotted OID, which could not be encoded later.
        namedCurve.ifPresent(ASN1ObjectIdentifier::new);
    }

    /** The key at {@code value} on a curve whose field has {@code fieldLength} bits. */
    public static PrivateEcKeyAttributes of(Path value, int fieldLength) {
        return new PrivateEcKeyAttributes(value, OptionalInt.of(fieldLength), Optional.empty());
    }

    /** These attributes with the curve named too, for example "1.3.132.0.34" (secp384r1). */
    public PrivateEcKeyAttributes withNamedCurve(String oid) {
        return new PrivateEcKeyAttributes(value, fieldLength, Optional.of(oid));
    }

    /** The field length, or 0 if the card leaves it out. */
    @Override
    public int keySize() {
        return fieldLength.orElse(0);
    }

    ASN1Primitive toAsn1() {
        ASN1EncodableVector fields = new ASN1EncodableVector(3);
        fields.add(value.toAsn1());
        fieldLength.ifPresent(bits -> fields.add(new ASN1Integer(bits)));
        namedCurve.ifPresent(oid -> fields.add(new DERSequence(new ASN1ObjectIdentifier(oid))));
        return new DERSequence(fields);
    }

    static PrivateEcKeyAttributes fromAsn1(ASN1Primitive object, String what) {
        Fields fields = Fields.of(object, "privateECKeyAttributes of the " + what);
        Path value = Path.fromAsn1(fields.sequence("value (a Path)"), "key path of the " + what);
        OptionalInt fieldLength = fields.optionalInteger("fieldSize of the " + what);
        if (fieldLength.isPresent() && fieldLength.getAsInt() <= 0) {
            throw new Pkcs15FormatException("The " + what + " has the field size " + fieldLength.getAsInt()
                    + ", which is not positive.");
        }
        fields.skipOptional(ASN1Integer.class);
        Optional<String> namedCurve = Optional.empty();
        Optional<ASN1Sequence> keyInfo = fields.optionalSequence();
        if (keyInfo.isPresent() && keyInfo.get().size() > 0
                && keyInfo.get().getObjectAt(0) instanceof ASN1ObjectIdentifier) {
            namedCurve = Optional.of(((ASN1ObjectIdentifier) keyInfo.get().getObjectAt(0)).getId());
        }
        return new PrivateEcKeyAttributes(value, fieldLength, namedCurve);
    }
}

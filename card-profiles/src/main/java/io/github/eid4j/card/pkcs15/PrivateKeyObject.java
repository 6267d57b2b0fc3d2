package io.github.eid4j.card.pkcs15;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

/**
 * An entry of the PrKDF (private key directory file):
 * <pre>
 * PrivateKeyType ::= CHOICE {
 *     privateRSAKey     PrivateKeyObject {PrivateRSAKeyAttributes},     -- 30 ...
 *     privateECKey  [0] PrivateKeyObject {PrivateECKeyAttributes},      -- A0 ...
 *     ... }
 * PrivateKeyObject {KeyAttributes} ::= PKCS15Object {
 *     CommonKeyAttributes, CommonPrivateKeyAttributes, KeyAttributes }
 * </pre>
 * The [0] of privateECKey is implicit (it replaces the object's SEQUENCE tag), while the [1]
 * around the type attributes inside is explicit (see {@link AuthenticationObject}), exactly as
 * OpenSC's {@code c_asn1_prkey}, {@code c_asn1_prk_rsa_attr} and {@code c_asn1_prk_ecc_attr}
 * (pkcs15-prkey.c) read them. The optional commonPrivateKeyAttributes [0] (subject name, key
 * identifiers) is not modelled and is skipped on decoding; other key types (DH, DSA, KEA, GOST)
 * are rejected.
 *
 * <p>{@code common.authId} is the guarding PIN's authId, and {@code common.flags} has
 * {@link ObjectFlag#PRIVATE}: OpenSC then asks for that PIN before using the key.
 *
 * @param common the label, flags and guarding PIN
 * @param key the iD, usage, access flags and key reference
 * @param attributes the algorithm-specific attributes, which also pick the CHOICE alternative
 */
public record PrivateKeyObject(CommonObjectAttributes common, CommonKeyAttributes key,
        PrivateKeyAttributes attributes) {

    private static final int EC_KEY_TAG = 0;

    public PrivateKeyObject {
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(attributes, "attributes");
    }

    ASN1Primitive toAsn1() {
        ASN1EncodableVector fields = new ASN1EncodableVector(3);
        fields.add(common.toAsn1());
        fields.add(key.toAsn1());
        if (attributes instanceof PrivateEcKeyAttributes) {
            fields.add(new DERTaggedObject(true, 1, ((PrivateEcKeyAttributes) attributes).toAsn1()));
            return new DERTaggedObject(false, EC_KEY_TAG, new DERSequence(fields));
        }
        fields.add(new DERTaggedObject(true, 1, ((PrivateRsaKeyAttributes) attributes).toAsn1()));
        return new DERSequence(fields);
    }

    public byte[] encode() {
        return Der.encode(toAsn1());
    }

    /** The content of a PrKDF holding these objects one after the other. */
    public static byte[] encodeAll(List<PrivateKeyObject> objects) {
        List<byte[]> parts = new ArrayList<>(objects.size());
        objects.forEach(object -> parts.add(object.encode()));
        return Der.concatenate(parts);
    }

    public static PrivateKeyObject decode(byte[] encoded) {
        return Der.decodeOne(encoded, "PrKDF entry", PrivateKeyObject::fromAsn1);
    }

    /** Every entry of a PrKDF, skipping 00/FF padding. */
    public static List<PrivateKeyObject> decodeAll(byte[] prkdf) {
        return Der.decodeAll(prkdf, "PrKDF entry", PrivateKeyObject::fromAsn1);
    }

    static PrivateKeyObject fromAsn1(ASN1Primitive object, String what) {
        boolean ec;
        Fields fields;
        if (object instanceof ASN1Sequence) {
            ec = false;
            fields = Fields.of(object, what);
        } else if (object instanceof ASN1TaggedObject
                && ((ASN1TaggedObject) object).hasTag(BERTags.CONTEXT_SPECIFIC, EC_KEY_TAG)) {
            ec = true;
            fields = Fields.ofImplicit((ASN1TaggedObject) object, what);
        } else {
            throw new Pkcs15FormatException("The " + what + " is " + Fields.describe(object)
                    + ", and only RSA (SEQUENCE) and EC ([0]) private keys are supported.");
        }
        CommonObjectAttributes common = CommonObjectAttributes.fromAsn1(fields.sequence("commonObjectAttributes"), what);
        CommonKeyAttributes key = CommonKeyAttributes.fromAsn1(fields.sequence("commonKeyAttributes"), what);
        fields.optionalContext(0);
        ASN1Primitive typeAttributes = Fields.explicitBase(fields.context(1, "typeAttributes"),
                "typeAttributes of the " + what);
        PrivateKeyAttributes attributes = ec
                ? PrivateEcKeyAttributes.fromAsn1(typeAttributes, what)
                : PrivateRsaKeyAttributes.fromAsn1(typeAttributes, what);
        return new PrivateKeyObject(common, key, attributes);
    }
}

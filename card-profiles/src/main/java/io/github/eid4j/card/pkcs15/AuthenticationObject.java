package io.github.eid4j.card.pkcs15;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

/**
 * A PIN entry of the AODF (authentication object directory file):
 * <pre>
 * AuthenticationType ::= CHOICE {
 *     pin PKCS15Object {CommonAuthenticationObjectAttributes, NULL, PinAttributes}, ... }
 * PKCS15Object {ClassAttributes, SubClassAttributes, TypeAttributes} ::= SEQUENCE {
 *     commonObjectAttributes CommonObjectAttributes,
 *     classAttributes        ClassAttributes,            -- here SEQUENCE { authId Identifier, ... }
 *     subClassAttributes     [0] SubClassAttributes OPTIONAL,
 *     typeAttributes         [1] TypeAttributes }        -- here [1] { PinAttributes }
 * </pre>
 * The [1] around the type attributes is explicit although the PKCS#15 module defaults to
 * implicit tags, because TypeAttributes is a parameter of the object type (X.680 §31.2.7), so the
 * PIN attributes keep their own SEQUENCE tag: {@code A1 len 30 len ...}. That is how OpenSC's
 * {@code c_asn1_auth_type_choice}, {@code c_asn1_type_pin_attr} and {@code c_asn1_com_ao_attr}
 * (pkcs15-pin.c) and {@code c_asn1_p15_obj} (asn1.c) read it.
 *
 * <p>Linking a PIN to its PUK: the PUK carries {@link PinFlag#UNBLOCKING_PIN}, and each PIN's
 * {@code commonObjectAttributes.authId} is the PUK's {@link #authId()}, as on FINEID and EstEID
 * cards; see {@link #unblockedBy()}. Biometric and authentication-key objects are not supported
 * and are rejected on decoding.
 *
 * @param common the label, flags and (for a PIN) the authId of its PUK
 * @param authId this authentication object's own identifier, which guarded objects refer to
 * @param pin how the PIN is checked
 */
public record AuthenticationObject(CommonObjectAttributes common, Identifier authId, PinAttributes pin) {

    public AuthenticationObject {
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(authId, "authId");
        Objects.requireNonNull(pin, "pin");
    }

    /** The authId of the PUK that unblocks this PIN, if any. */
    public Optional<Identifier> unblockedBy() {
        return common.authId();
    }

    public boolean isUnblockingPin() {
        return pin.flags().contains(PinFlag.UNBLOCKING_PIN);
    }

    ASN1Primitive toAsn1() {
        ASN1EncodableVector fields = new ASN1EncodableVector(3);
        fields.add(common.toAsn1());
        fields.add(new DERSequence(new DEROctetString(authId.shared())));
        fields.add(new DERTaggedObject(true, 1, pin.toAsn1()));
        return new DERSequence(fields);
    }

    public byte[] encode() {
        return Der.encode(toAsn1());
    }

    /** The content of an AODF holding these objects one after the other. */
    public static byte[] encodeAll(List<AuthenticationObject> objects) {
        List<byte[]> parts = new ArrayList<>(objects.size());
        objects.forEach(object -> parts.add(object.encode()));
        return Der.concatenate(parts);
    }

    public static AuthenticationObject decode(byte[] encoded) {
        return Der.decodeOne(encoded, "AODF entry", AuthenticationObject::fromAsn1);
    }

    /** Every entry of an AODF, skipping 00/FF padding. */
    public static List<AuthenticationObject> decodeAll(byte[] aodf) {
        return Der.decodeAll(aodf, "AODF entry", AuthenticationObject::fromAsn1);
    }

    static AuthenticationObject fromAsn1(ASN1Primitive object, String what) {
        if (object instanceof ASN1TaggedObject) {
            throw new Pkcs15FormatException("The " + what + " is " + Fields.describe(object)
                    + " (a biometric or key-based authentication object), and only PINs are supported.");
        }
        Fields fields = Fields.of(object, what);
        CommonObjectAttributes common = CommonObjectAttributes.fromAsn1(fields.sequence("commonObjectAttributes"), what);
        Fields classAttributes = Fields.of(fields.sequence("commonAuthenticationObjectAttributes"),
                "commonAuthenticationObjectAttributes of the " + what);
        Identifier authId = Identifier.decoded(classAttributes.octets("authId"), "authId of the " + what);
        fields.optionalContext(0);
        ASN1TaggedObject typeAttributes = fields.context(1, "typeAttributes");
        PinAttributes pin = PinAttributes.fromAsn1(Fields.explicitBase(typeAttributes, "typeAttributes of the " + what), what);
        return new AuthenticationObject(common, authId, pin);
    }
}

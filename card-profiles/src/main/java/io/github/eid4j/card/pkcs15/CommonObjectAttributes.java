package io.github.eid4j.card.pkcs15;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;

/**
 * The attributes every PKCS#15 object starts with:
 * <pre>
 * CommonObjectAttributes ::= SEQUENCE {
 *     label       Label OPTIONAL,               -- UTF8String
 *     flags       CommonObjectFlags OPTIONAL,
 *     authId      Identifier OPTIONAL,
 *     userConsent INTEGER (1..pkcs15-ub-userConsent) OPTIONAL,
 *     accessControlRules SEQUENCE OF AccessControlRule OPTIONAL,
 *     ... }
 * </pre>
 * as in OpenSC's {@code c_asn1_com_obj_attr} (asn1.c). The {@code authId} names the
 * authentication object that guards this one: for a key, the PIN that unlocks it; for a PIN, the
 * PUK that unblocks it (OpenSC's {@code pkcs15-tool --unblock-pin} looks the PUK up by the PIN
 * object's authId). {@code userConsent} is how many uses one authentication allows; OpenSC turns
 * it into CKA_ALWAYS_AUTHENTICATE, which a qualified signature key wants.
 *
 * <p>Flags are written only when there are some, as OpenSC writes them; an absent and an empty
 * flags component both read as no flags. Access control rules are not modelled and are skipped
 * on decoding.
 *
 * @param label the object's name as a host shows it
 * @param flags the object's flags
 * @param authId the guarding authentication object's authId
 * @param userConsent how many uses one authentication allows
 */
public record CommonObjectAttributes(Optional<String> label, Set<ObjectFlag> flags,
        Optional<Identifier> authId, OptionalInt userConsent) {

    public CommonObjectAttributes {
        Objects.requireNonNull(label, "label");
        flags = NamedBits.copy(flags, ObjectFlag.class);
        Objects.requireNonNull(authId, "authId");
        Objects.requireNonNull(userConsent, "userConsent");
        if (userConsent.isPresent() && userConsent.getAsInt() < 1) {
            throw new IllegalArgumentException("userConsent is at least 1, not " + userConsent.getAsInt() + ".");
        }
    }

    /**
     * @param authId null for an object no authentication guards
     */
    public static CommonObjectAttributes of(String label, Set<ObjectFlag> flags, Identifier authId) {
        return new CommonObjectAttributes(Optional.ofNullable(label), flags, Optional.ofNullable(authId),
                OptionalInt.empty());
    }

    /** These attributes, with one authentication allowing {@code uses} uses of the object. */
    public CommonObjectAttributes withUserConsent(int uses) {
        return new CommonObjectAttributes(label, flags, authId, OptionalInt.of(uses));
    }

    ASN1Primitive toAsn1() {
        ASN1EncodableVector fields = new ASN1EncodableVector(4);
        label.ifPresent(text -> fields.add(new DERUTF8String(text)));
        if (!flags.isEmpty()) {
            fields.add(NamedBits.encode(flags));
        }
        authId.ifPresent(id -> fields.add(new DEROctetString(id.shared())));
        userConsent.ifPresent(uses -> fields.add(new ASN1Integer(uses)));
        return new DERSequence(fields);
    }

    static CommonObjectAttributes fromAsn1(ASN1Primitive object, String what) {
        Fields fields = Fields.of(object, "commonObjectAttributes of the " + what);
        Optional<String> label = fields.optionalUtf8();
        Set<ObjectFlag> flags = fields.optionalBits()
                .map(bits -> NamedBits.decode(bits, ObjectFlag.class))
                .orElse(Set.of());
        Optional<Identifier> authId = fields.optionalOctets()
                .map(bytes -> Identifier.decoded(bytes, "authId of the " + what));
        OptionalInt userConsent = fields.optionalInteger("userConsent of the " + what);
        if (userConsent.isPresent() && userConsent.getAsInt() < 1) {
            throw new Pkcs15FormatException("The " + what + " has a userConsent of "
                    + userConsent.getAsInt() + ", where 1 or more is allowed.");
        }
        return new CommonObjectAttributes(label, flags, authId, userConsent);
    }
}

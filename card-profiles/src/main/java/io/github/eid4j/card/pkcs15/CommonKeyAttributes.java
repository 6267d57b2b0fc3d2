package io.github.eid4j.card.pkcs15;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

/**
 * The class attributes of every key object:
 * <pre>
 * CommonKeyAttributes ::= SEQUENCE {
 *     iD           Identifier,
 *     usage        KeyUsageFlags,
 *     native       BOOLEAN DEFAULT TRUE,
 *     accessFlags  KeyAccessFlags OPTIONAL,
 *     keyReference Reference OPTIONAL,
 *     ... }                             -- startDate, endDate [0], algReference [1]: skipped
 * </pre>
 * as in OpenSC's {@code c_asn1_com_key_attr} (pkcs15-prkey.c). The iD is what ties the key to its
 * certificate (same iD in the CDF) and public key. keyReference is the reference the card's
 * MANAGE SECURITY ENVIRONMENT takes.
 *
 * <p>{@code native} TRUE (the card computes with the key itself) is the DEFAULT, so DER leaves it
 * out, as OpenSC's encoder does; it is written only when FALSE. accessFlags are written only when
 * there are some. A one-byte negative keyReference, as OpenSC 0.11.4 wrote, is read with 256
 * added, as OpenSC reads it.
 *
 * @param id the iD shared with the certificate and public key
 * @param usage what the key may be used for
 * @param nativeKey whether the card itself computes with the key
 * @param accessFlags sensitivity and origin of the key
 * @param keyReference the card's reference for the key
 */
public record CommonKeyAttributes(Identifier id, Set<KeyUsageFlag> usage, boolean nativeKey,
        Set<KeyAccessFlag> accessFlags, OptionalInt keyReference) {

    public CommonKeyAttributes {
        Objects.requireNonNull(id, "id");
        usage = NamedBits.copy(usage, KeyUsageFlag.class);
        accessFlags = NamedBits.copy(accessFlags, KeyAccessFlag.class);
        Objects.requireNonNull(keyReference, "keyReference");
        if (keyReference.isPresent() && keyReference.getAsInt() < 0) {
            throw new IllegalArgumentException("A keyReference cannot be negative (" + keyReference.getAsInt() + ").");
        }
    }

    /** A native key, the only kind an eID card has. */
    public static CommonKeyAttributes of(Identifier id, Set<KeyUsageFlag> usage, Set<KeyAccessFlag> accessFlags,
            int keyReference) {
        return new CommonKeyAttributes(id, usage, true, accessFlags, OptionalInt.of(keyReference));
    }

    ASN1Primitive toAsn1() {
        ASN1EncodableVector fields = new ASN1EncodableVector(5);
        fields.add(new DEROctetString(id.shared()));
        fields.add(NamedBits.encode(usage));
        if (!nativeKey) {
            fields.add(ASN1Boolean.FALSE);
        }
        if (!accessFlags.isEmpty()) {
            fields.add(NamedBits.encode(accessFlags));
        }
        keyReference.ifPresent(reference -> fields.add(new ASN1Integer(reference)));
        return new DERSequence(fields);
    }

    static CommonKeyAttributes fromAsn1(ASN1Primitive object, String what) {
        Fields fields = Fields.of(object, "commonKeyAttributes of the " + what);
        Identifier id = Identifier.decoded(fields.octets("iD"), "iD of the " + what);
        Set<KeyUsageFlag> usage = NamedBits.decode(fields.bits("usage"), KeyUsageFlag.class);
        boolean nativeKey = fields.optionalBoolean().orElse(true);
        Set<KeyAccessFlag> accessFlags = fields.optionalBits()
                .map(bits -> NamedBits.decode(bits, KeyAccessFlag.class))
                .orElse(Set.of());
        OptionalInt keyReference = fields.optionalInteger("keyReference of the " + what);
        if (keyReference.isPresent() && keyReference.getAsInt() < 0) {
            int reference = keyReference.getAsInt();
            if (reference < -128) {
                throw new Pkcs15FormatException("The keyReference " + reference + " of the " + what + " is negative.");
            }
            keyReference = OptionalInt.of(reference + 256);
        }
        return new CommonKeyAttributes(id, usage, nativeKey, accessFlags, keyReference);
    }
}

package io.github.eid4j.card.pkcs15;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;

/**
 * One entry of TokenInfo's supportedAlgorithms (PKCS#15 v1.1, ISO/IEC 7816-15):
 * <pre>
 * AlgorithmInfo ::= SEQUENCE {
 *     reference           Reference,            -- INTEGER, what keys' algReference names
 *     algorithm           INTEGER,              -- the PKCS#11 mechanism (CKM_...)
 *     parameters          ...,                  -- NULL, or the EC domain (a named curve's OID)
 *     supportedOperations BIT STRING,
 *     objId               OBJECT IDENTIFIER OPTIONAL,
 *     algRef              Reference OPTIONAL }  -- the card's own algorithm byte (MSE tag 80)
 * </pre>
 * OpenSC shows these as {@code sc_supported_algo_info[n]} in {@code pkcs15-tool --list-info}.
 *
 * @param parameters a named curve's OID, or empty for NULL
 */
public record AlgorithmInfo(int reference, long mechanism, Optional<String> parameters, Set<AlgorithmOperation> operations,
        Optional<String> objectId, OptionalInt algorithmReference) {
    /** PKCS#11 mechanism numbers (pkcs11t.h) for the algorithm field. */
    public static final long CKM_RSA_PKCS = 0x0001;
    public static final long CKM_RSA_PKCS_OAEP = 0x0009;
    public static final long CKM_SHA256_RSA_PKCS = 0x0040;
    public static final long CKM_SHA384_RSA_PKCS = 0x0041;
    public static final long CKM_SHA512_RSA_PKCS = 0x0042;
    public static final long CKM_SHA256_RSA_PKCS_PSS = 0x0043;
    public static final long CKM_SHA384_RSA_PKCS_PSS = 0x0044;
    public static final long CKM_SHA512_RSA_PKCS_PSS = 0x0045;
    public static final long CKM_ECDSA_SHA256 = 0x1044;
    public static final long CKM_ECDSA_SHA384 = 0x1045;
    public static final long CKM_ECDSA_SHA512 = 0x1046;
    public static final long CKM_ECDH1_DERIVE = 0x1050;

    public AlgorithmInfo {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(algorithmReference, "algorithmReference");
        operations = NamedBits.copy(operations, AlgorithmOperation.class);
    }

    DERSequence toAsn1() {
        ASN1EncodableVector fields = new ASN1EncodableVector(6);
        fields.add(new ASN1Integer(reference));
        fields.add(new ASN1Integer(mechanism));
        fields.add(parameters.<ASN1Encodable>map(ASN1ObjectIdentifier::new).orElse(DERNull.INSTANCE));
        fields.add(NamedBits.encode(operations));
        objectId.ifPresent(oid -> fields.add(new ASN1ObjectIdentifier(oid)));
        algorithmReference.ifPresent(ref -> fields.add(new ASN1Integer(ref)));
        return new DERSequence(fields);
    }
}

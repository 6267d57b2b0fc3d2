package io.github.eid4j.card.fineid;

import io.github.eid4j.apdu.AlgorithmReference;
import io.github.eid4j.apdu.AlgorithmReference.Operation;
import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.emulator.KeyType;
import io.github.eid4j.card.pkcs15.AlgorithmInfo;
import io.github.eid4j.card.pkcs15.AlgorithmOperation;
import io.github.eid4j.card.pkcs15.ApplicationTemplate;
import io.github.eid4j.card.pkcs15.AuthenticationObject;
import io.github.eid4j.card.pkcs15.CertificateObject;
import io.github.eid4j.card.pkcs15.CommonKeyAttributes;
import io.github.eid4j.card.pkcs15.CommonObjectAttributes;
import io.github.eid4j.card.pkcs15.DirectoryKind;
import io.github.eid4j.card.pkcs15.Identifier;
import io.github.eid4j.card.pkcs15.KeyAccessFlag;
import io.github.eid4j.card.pkcs15.KeyUsageFlag;
import io.github.eid4j.card.pkcs15.ObjectFlag;
import io.github.eid4j.card.pkcs15.Odf;
import io.github.eid4j.card.pkcs15.Path;
import io.github.eid4j.card.pkcs15.PinAttributes;
import io.github.eid4j.card.pkcs15.PinFlag;
import io.github.eid4j.card.pkcs15.PinType;
import io.github.eid4j.card.pkcs15.PrivateEcKeyAttributes;
import io.github.eid4j.card.pkcs15.PrivateKeyObject;
import io.github.eid4j.card.pkcs15.PrivateRsaKeyAttributes;
import io.github.eid4j.card.pkcs15.TokenFlag;
import io.github.eid4j.card.pkcs15.TokenInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The PKCS#15 (ISO/IEC 7816-15) files of a virtual FINEID card, so that generic PKCS#15 readers
 * (OpenSC's pkcs15 layer, eid4j's own driver) enumerate its PINs, keys and certificates.
 *
 * <p>Every path is one a host can select as it stands. OpenSC reads a two-byte path as a file
 * ID inside the application (asn1.c), so {@code 3F00} there became {@code 3F00 3F00} and every
 * PIN and key operation failed before an APDU was sent. So the PINs carry no path (PKCS#15
 * makes it optional; they belong to the application the host selected by its AID, and OpenSC
 * gives a local PIN the application's path), and each key's path is its certificate's EF from
 * the MF, which is what the recorded real sessions have selected before they use the key
 * (docs/recordings.md) [I: the real cards' AODF and PrKDF are not public].
 */
final class FineidPkcs15 {
    static final Identifier PIN1_AUTH_ID = Identifier.ofHex("01");
    static final Identifier PIN2_AUTH_ID = Identifier.ofHex("02");
    static final Identifier PUK_AUTH_ID = Identifier.ofHex("03");
    static final Identifier AUTH_KEY_ID = Identifier.of(FineidProfile.AUTH_ID);
    static final Identifier SIGN_KEY_ID = Identifier.of(FineidProfile.SIGN_ID);
    static final Set<KeyAccessFlag> ON_CARD = EnumSet.of(KeyAccessFlag.SENSITIVE, KeyAccessFlag.ALWAYS_SENSITIVE,
            KeyAccessFlag.NEVER_EXTRACTABLE, KeyAccessFlag.LOCAL);
    /** The OIDs the supportedAlgorithms name: curves, then signature and key-agreement algorithms. */
    private static final String SECP384R1 = "1.3.132.0.34";
    private static final String PRIME256V1 = "1.2.840.10045.3.1.7";
    private static final String EC_DH = "1.3.132.1.12";
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";
    private static final String RSAES_OAEP = "1.2.840.113549.1.1.7";

    private final FineidVersion version;
    private final String serial;
    private final int signCertFid;

    FineidPkcs15(FineidVersion version, String serial, int signCertFid) {
        this.version = version;
        this.serial = serial;
        this.signCertFid = signCertFid;
    }

    private static Path mf(int... fids) {
        byte[] path = new byte[2 + 2 * fids.length];
        path[0] = 0x3F;
        for (int i = 0; i < fids.length; i++) {
            path[2 + 2 * i] = (byte) (fids[i] >> 8);
            path[3 + 2 * i] = (byte) fids[i];
        }
        return Path.of(path);
    }

    byte[] efDir() {
        return ApplicationTemplate.encodeAll(List.of(ApplicationTemplate.of(Fineid.AID, Fineid.APPLICATION_LABEL, mf().efidOrPath())));
    }

    byte[] odf() {
        return Odf.of(new Odf.Entry(DirectoryKind.PRIVATE_KEYS, mf(FineidVirtualCard.PRKDF)),
                new Odf.Entry(DirectoryKind.CERTIFICATES, mf(FineidVirtualCard.CDF)),
                new Odf.Entry(DirectoryKind.TRUSTED_CERTIFICATES, mf(FineidVirtualCard.TRUSTED_CDF)),
                new Odf.Entry(DirectoryKind.AUTH_OBJECTS, mf(FineidVirtualCard.AODF))).encode();
    }

    /**
     * EF.TokenInfo in the real shape: long enough for the long-form length (OpenSC's FinEID
     * emulation reads it from offset 4 and takes the first OCTET STRING it meets as the
     * document number), with supportedAlgorithms, as a real v3 TokenInfo carries them [I: the
     * real list is not public; this one names what the virtual card's MSE accepts, with the
     * curves as parameters and the card's algorithm bytes as algRef].
     */
    byte[] tokenInfo() {
        return TokenInfo.of(0, serial.getBytes(StandardCharsets.US_ASCII), "eid4j virtual FINEID " + version.label(),
                Fineid.APPLICATION_LABEL, EnumSet.of(TokenFlag.READ_ONLY, TokenFlag.PRN_GENERATION))
                .withSupportedAlgorithms(supportedAlgorithms()).encode();
    }

    private List<AlgorithmInfo> supportedAlgorithms() {
        List<AlgorithmInfo> out = new ArrayList<>();
        Set<AlgorithmOperation> sign = EnumSet.of(AlgorithmOperation.COMPUTE_SIGNATURE);
        Set<AlgorithmOperation> decipher = EnumSet.of(AlgorithmOperation.DECIPHER);
        String curve = version.isV4() ? SECP384R1 : PRIME256V1;
        for (HashedSignature h : HashedSignature.values()) {
            if (!version.isV4()) {
                out.add(algorithm(out.size() + 1, h.rsaPkcs1, null, sign, h.rsaPkcs1Oid, gemalto(Operation.SIGN_PKCS1, h.hash)));
                out.add(algorithm(out.size() + 1, h.rsaPss, null, sign, RSASSA_PSS, gemalto(Operation.SIGN_PSS, h.hash)));
            }
            out.add(algorithm(out.size() + 1, h.ecdsa, curve, sign, h.ecdsaOid, gemalto(Operation.SIGN_ECDSA, h.hash)));
        }
        if (version.isV4()) {
            out.add(new AlgorithmInfo(out.size() + 1, AlgorithmInfo.CKM_ECDH1_DERIVE, Optional.of(curve), decipher,
                    Optional.of(EC_DH), OptionalInt.empty()));
        } else {
            out.add(algorithm(out.size() + 1, AlgorithmInfo.CKM_RSA_PKCS, null, decipher, RSA_ENCRYPTION,
                    AlgorithmReference.find(Fineid.ALGORITHMS, Operation.DECIPHER_PKCS1, null).orElseThrow().value()));
            out.add(algorithm(out.size() + 1, AlgorithmInfo.CKM_RSA_PKCS_OAEP, null, decipher, RSAES_OAEP,
                    gemalto(Operation.DECIPHER_OAEP, HashAlgorithm.SHA256)));
        }
        return out;
    }

    /** The hashes the card signs under, with their PKCS#11 mechanisms and signature OIDs. */
    private enum HashedSignature {
        SHA256(HashAlgorithm.SHA256, AlgorithmInfo.CKM_SHA256_RSA_PKCS, AlgorithmInfo.CKM_SHA256_RSA_PKCS_PSS,
                AlgorithmInfo.CKM_ECDSA_SHA256, "1.2.840.113549.1.1.11", "1.2.840.10045.4.3.2"),
        SHA384(HashAlgorithm.SHA384, AlgorithmInfo.CKM_SHA384_RSA_PKCS, AlgorithmInfo.CKM_SHA384_RSA_PKCS_PSS,
                AlgorithmInfo.CKM_ECDSA_SHA384, "1.2.840.113549.1.1.12", "1.2.840.10045.4.3.3"),
        SHA512(HashAlgorithm.SHA512, AlgorithmInfo.CKM_SHA512_RSA_PKCS, AlgorithmInfo.CKM_SHA512_RSA_PKCS_PSS,
                AlgorithmInfo.CKM_ECDSA_SHA512, "1.2.840.113549.1.1.13", "1.2.840.10045.4.3.4");

        final HashAlgorithm hash;
        final long rsaPkcs1;
        final long rsaPss;
        final long ecdsa;
        final String rsaPkcs1Oid;
        final String ecdsaOid;

        HashedSignature(HashAlgorithm hash, long rsaPkcs1, long rsaPss, long ecdsa, String rsaPkcs1Oid, String ecdsaOid) {
            this.hash = hash;
            this.rsaPkcs1 = rsaPkcs1;
            this.rsaPss = rsaPss;
            this.ecdsa = ecdsa;
            this.rsaPkcs1Oid = rsaPkcs1Oid;
            this.ecdsaOid = ecdsaOid;
        }
    }

    private static AlgorithmInfo algorithm(int reference, long mechanism, String curve, Set<AlgorithmOperation> operations,
            String objectId, int cardByte) {
        return new AlgorithmInfo(reference, mechanism, Optional.ofNullable(curve), operations, Optional.of(objectId),
                OptionalInt.of(cardByte));
    }

    private static int gemalto(Operation operation, HashAlgorithm hash) {
        return AlgorithmReference.gemaltoStyle(operation, hash);
    }

    byte[] aodf() {
        return AuthenticationObject.encodeAll(List.of(
                pin("PIN1", PIN1_AUTH_ID, PUK_AUTH_ID, Fineid.PIN1, Fineid.PIN1_MIN, Fineid.PIN1_MAX, false),
                pin("PIN2", PIN2_AUTH_ID, PUK_AUTH_ID, Fineid.PIN2, Fineid.PIN2_MIN, Fineid.PIN2_MAX, false),
                pin("PUK", PUK_AUTH_ID, null, Fineid.PUK, Fineid.PUK_LENGTH, Fineid.PUK_LENGTH, true)));
    }

    /** A PIN object; the PINs name the PUK as the object that guards them, which is how PKCS#15 links an unblocking PIN. */
    private static AuthenticationObject pin(String label, Identifier authId, Identifier unblockedBy, int reference, int min,
            int max, boolean puk) {
        EnumSet<PinFlag> flags = EnumSet.of(PinFlag.INITIALIZED, PinFlag.NEEDS_PADDING);
        if ((reference & 0x80) != 0) {
            flags.add(PinFlag.LOCAL);
        }
        if (puk) {
            flags.add(PinFlag.UNBLOCKING_PIN);
        }
        PinAttributes attributes = PinAttributes.builder().flags(flags).type(PinType.ASCII_NUMERIC).minLength(min)
                .storedLength(Fineid.PIN_BLOCK).maxLength(max).reference(reference).padChar(Fineid.PIN_PAD).build();
        return new AuthenticationObject(CommonObjectAttributes.of(label, EnumSet.of(ObjectFlag.PRIVATE), unblockedBy), authId, attributes);
    }

    byte[] prkdf(KeyType authType, KeyType signType) {
        PrivateKeyObject auth = new PrivateKeyObject(
                CommonObjectAttributes.of(Fineid.AUTH_KEY_LABEL, EnumSet.of(ObjectFlag.PRIVATE), PIN1_AUTH_ID),
                CommonKeyAttributes.of(AUTH_KEY_ID, authType.isRsa()
                        ? EnumSet.of(KeyUsageFlag.SIGN, KeyUsageFlag.DECRYPT, KeyUsageFlag.UNWRAP)
                        : EnumSet.of(KeyUsageFlag.SIGN, KeyUsageFlag.DERIVE), ON_CARD, Fineid.AUTH_KEY),
                authType.isRsa() ? new PrivateRsaKeyAttributes(authCertificate(), authType.sizeBits())
                        : PrivateEcKeyAttributes.of(authCertificate(), authType.sizeBits()));
        PrivateKeyObject sign = new PrivateKeyObject(
                CommonObjectAttributes.of(Fineid.SIGN_KEY_LABEL, EnumSet.of(ObjectFlag.PRIVATE), PIN2_AUTH_ID).withUserConsent(1),
                CommonKeyAttributes.of(SIGN_KEY_ID, EnumSet.of(KeyUsageFlag.NON_REPUDIATION), ON_CARD, version.signKey()),
                PrivateEcKeyAttributes.of(signCertificate(), signType.sizeBits()));
        return PrivateKeyObject.encodeAll(List.of(auth, sign));
    }

    private static Path authCertificate() {
        return mf(FineidVirtualCard.AUTH_CERT);
    }

    private Path signCertificate() {
        return mf(Fineid.SIGN_DF, signCertFid);
    }

    byte[] cdf() {
        return CertificateObject.encodeAll(List.of(
                new CertificateObject(CommonObjectAttributes.of("todentamis- ja salausvarmenne", EnumSet.noneOf(ObjectFlag.class), null),
                        AUTH_KEY_ID, false, authCertificate()),
                new CertificateObject(CommonObjectAttributes.of("allekirjoitusvarmenne", EnumSet.noneOf(ObjectFlag.class), null),
                        SIGN_KEY_ID, false, signCertificate())));
    }

    byte[] trustedCdf() {
        return CertificateObject.encodeAll(List.of(
                new CertificateObject(CommonObjectAttributes.of("eid4j TEST Citizen Certificates CA", EnumSet.noneOf(ObjectFlag.class), null),
                        Identifier.ofHex("47"), true, mf(FineidVirtualCard.ISSUING_CA)),
                new CertificateObject(CommonObjectAttributes.of("eid4j TEST Root CA", EnumSet.noneOf(ObjectFlag.class), null),
                        Identifier.ofHex("48"), true, mf(FineidVirtualCard.ROOT_CA))));
    }
}

package io.github.eid4j.card.fineid;

import io.github.eid4j.apdu.emulator.KeyType;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The PKCS#15 (ISO/IEC 7816-15) files of a virtual FINEID card, so that generic PKCS#15 readers
 * (OpenSC's pkcs15 layer, eid4j's own driver) enumerate its PINs, keys and certificates.
 */
final class FineidPkcs15 {
    static final Identifier PIN1_AUTH_ID = Identifier.ofHex("01");
    static final Identifier PIN2_AUTH_ID = Identifier.ofHex("02");
    static final Identifier PUK_AUTH_ID = Identifier.ofHex("03");
    static final Identifier AUTH_KEY_ID = Identifier.of(FineidProfile.AUTH_ID);
    static final Identifier SIGN_KEY_ID = Identifier.of(FineidProfile.SIGN_ID);
    static final Set<KeyAccessFlag> ON_CARD = EnumSet.of(KeyAccessFlag.SENSITIVE, KeyAccessFlag.ALWAYS_SENSITIVE,
            KeyAccessFlag.NEVER_EXTRACTABLE, KeyAccessFlag.LOCAL);

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

    byte[] tokenInfo() {
        return TokenInfo.of(0, serial.getBytes(StandardCharsets.US_ASCII), "eid4j virtual FINEID " + version.label(),
                Fineid.APPLICATION_LABEL, EnumSet.of(TokenFlag.READ_ONLY, TokenFlag.PRN_GENERATION)).encode();
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
                .storedLength(Fineid.PIN_BLOCK).maxLength(max).reference(reference).padChar(Fineid.PIN_PAD).path(mf()).build();
        return new AuthenticationObject(CommonObjectAttributes.of(label, EnumSet.of(ObjectFlag.PRIVATE), unblockedBy), authId, attributes);
    }

    byte[] prkdf(KeyType authType, KeyType signType) {
        PrivateKeyObject auth = new PrivateKeyObject(
                CommonObjectAttributes.of(Fineid.AUTH_KEY_LABEL, EnumSet.of(ObjectFlag.PRIVATE), PIN1_AUTH_ID),
                CommonKeyAttributes.of(AUTH_KEY_ID, authType.isRsa()
                        ? EnumSet.of(KeyUsageFlag.SIGN, KeyUsageFlag.DECRYPT, KeyUsageFlag.UNWRAP)
                        : EnumSet.of(KeyUsageFlag.SIGN, KeyUsageFlag.DERIVE), ON_CARD, Fineid.AUTH_KEY),
                authType.isRsa() ? new PrivateRsaKeyAttributes(mf(), authType.sizeBits())
                        : PrivateEcKeyAttributes.of(mf(), authType.sizeBits()));
        PrivateKeyObject sign = new PrivateKeyObject(
                CommonObjectAttributes.of(Fineid.SIGN_KEY_LABEL, EnumSet.of(ObjectFlag.PRIVATE), PIN2_AUTH_ID).withUserConsent(1),
                CommonKeyAttributes.of(SIGN_KEY_ID, EnumSet.of(KeyUsageFlag.NON_REPUDIATION), ON_CARD, version.signKey()),
                PrivateEcKeyAttributes.of(mf(Fineid.SIGN_DF), signType.sizeBits()));
        return PrivateKeyObject.encodeAll(List.of(auth, sign));
    }

    byte[] cdf() {
        return CertificateObject.encodeAll(List.of(
                new CertificateObject(CommonObjectAttributes.of("todentamis- ja salausvarmenne", EnumSet.noneOf(ObjectFlag.class), null),
                        AUTH_KEY_ID, false, mf(FineidVirtualCard.AUTH_CERT)),
                new CertificateObject(CommonObjectAttributes.of("allekirjoitusvarmenne", EnumSet.noneOf(ObjectFlag.class), null),
                        SIGN_KEY_ID, false, mf(Fineid.SIGN_DF, signCertFid))));
    }

    byte[] trustedCdf() {
        return CertificateObject.encodeAll(List.of(
                new CertificateObject(CommonObjectAttributes.of("eid4j TEST Citizen Certificates CA", EnumSet.noneOf(ObjectFlag.class), null),
                        Identifier.ofHex("47"), true, mf(FineidVirtualCard.ISSUING_CA)),
                new CertificateObject(CommonObjectAttributes.of("eid4j TEST Root CA", EnumSet.noneOf(ObjectFlag.class), null),
                        Identifier.ofHex("48"), true, mf(FineidVirtualCard.ROOT_CA))));
    }
}

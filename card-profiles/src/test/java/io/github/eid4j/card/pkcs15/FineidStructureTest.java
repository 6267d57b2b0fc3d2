package io.github.eid4j.card.pkcs15;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A whole FINEID-like PKCS#15 structure, as a virtual card will carry it, written and read back
 * through the file bytes, with the cross-references a host follows checked at the end: each key's
 * authId names a PIN, each PIN's authId names the PUK, each key's iD names a certificate.
 */
class FineidStructureTest {
    private static final Identifier PIN1 = Identifier.ofHex("01");
    private static final Identifier PIN2 = Identifier.ofHex("02");
    private static final Identifier PUK = Identifier.ofHex("03");
    private static final Identifier AUTH_KEY = Identifier.ofHex("45");
    private static final Identifier SIGN_KEY = Identifier.ofHex("46");
    private static final Path APP = Path.ofHex("3F00 5015");

    @Test
    void writesAndReadsACompleteCardStructure() {
        byte[] efDir = ApplicationTemplate.encodeAll(List.of(
                ApplicationTemplate.of(ApplicationTemplate.PKCS15_AID, "FINEID", APP.efidOrPath())));
        byte[] odf = Odf.of(
                new Odf.Entry(DirectoryKind.PRIVATE_KEYS, Path.ofHex("3F00 5015 4401")),
                new Odf.Entry(DirectoryKind.CERTIFICATES, Path.ofHex("3F00 5015 4403")),
                new Odf.Entry(DirectoryKind.TRUSTED_CERTIFICATES, Path.ofHex("3F00 5015 4404")),
                new Odf.Entry(DirectoryKind.AUTH_OBJECTS, Path.ofHex("3F00 5015 4408"))).encode();
        byte[] tokenInfo = TokenInfo.of(0, new byte[] {0x12, 0x34}, "eid4j", "HENKILOKORTTI TEST",
                EnumSet.of(TokenFlag.READ_ONLY, TokenFlag.LOGIN_REQUIRED, TokenFlag.PRN_GENERATION)).encode();
        byte[] aodf = AuthenticationObject.encodeAll(List.of(
                pin("PIN1", PIN1, 0x11), pin("PIN2", PIN2, 0x12), puk()));
        EnumSet<KeyAccessFlag> onCard = EnumSet.of(KeyAccessFlag.SENSITIVE, KeyAccessFlag.ALWAYS_SENSITIVE,
                KeyAccessFlag.NEVER_EXTRACTABLE, KeyAccessFlag.LOCAL);
        byte[] prkdf = PrivateKeyObject.encodeAll(List.of(
                new PrivateKeyObject(CommonObjectAttributes.of("todentaminen", EnumSet.of(ObjectFlag.PRIVATE), PIN1),
                        CommonKeyAttributes.of(AUTH_KEY, EnumSet.of(KeyUsageFlag.SIGN, KeyUsageFlag.DERIVE), onCard, 1),
                        PrivateEcKeyAttributes.of(APP, 384).withNamedCurve("1.3.132.0.34")),
                new PrivateKeyObject(CommonObjectAttributes.of("allekirjoitus", EnumSet.of(ObjectFlag.PRIVATE), PIN2)
                        .withUserConsent(1),
                        CommonKeyAttributes.of(SIGN_KEY, EnumSet.of(KeyUsageFlag.NON_REPUDIATION), onCard, 2),
                        PrivateEcKeyAttributes.of(APP, 384))));
        byte[] cdf = CertificateObject.encodeAll(List.of(
                new CertificateObject(CommonObjectAttributes.of("todentaminen", EnumSet.noneOf(ObjectFlag.class), null),
                        AUTH_KEY, false, Path.ofHex("3F00 5015 4331")),
                new CertificateObject(CommonObjectAttributes.of("allekirjoitus", EnumSet.noneOf(ObjectFlag.class), null),
                        SIGN_KEY, false, Path.ofHex("3F00 5015 4332"))));
        byte[] trusted = CertificateObject.encodeAll(List.of(
                new CertificateObject(CommonObjectAttributes.of("eid4j TEST Citizen Certificates CA",
                        EnumSet.noneOf(ObjectFlag.class), null), Identifier.ofHex("50"), true, Path.ofHex("3F00 5015 4333"))));

        ApplicationTemplate app = ApplicationTemplate.decodeAll(padded(efDir, 64)).get(0);
        Odf readOdf = Odf.decode(padded(odf, 128));
        TokenInfo readInfo = TokenInfo.decode(padded(tokenInfo, 128));
        Map<Identifier, AuthenticationObject> auth = AuthenticationObject.decodeAll(padded(aodf, 512)).stream()
                .collect(Collectors.toMap(AuthenticationObject::authId, Function.identity()));
        List<PrivateKeyObject> keys = PrivateKeyObject.decodeAll(padded(prkdf, 512));
        Map<Identifier, CertificateObject> certificates = CertificateObject.decodeAll(padded(cdf, 256)).stream()
                .collect(Collectors.toMap(CertificateObject::id, Function.identity()));

        assertThat(app.aid()).containsExactly(ApplicationTemplate.PKCS15_AID);
        assertThat(readOdf.path(DirectoryKind.AUTH_OBJECTS)).contains(Path.ofHex("3F00 5015 4408"));
        assertThat(readInfo.label()).contains("HENKILOKORTTI TEST");
        assertThat(keys).hasSize(2);
        for (PrivateKeyObject key : keys) {
            AuthenticationObject pin = auth.get(key.common().authId().orElseThrow());
            assertThat(pin).isNotNull();
            assertThat(pin.isUnblockingPin()).isFalse();
            AuthenticationObject puk = auth.get(pin.unblockedBy().orElseThrow());
            assertThat(puk.isUnblockingPin()).isTrue();
            assertThat(certificates).containsKey(key.key().id());
        }
        assertThat(keys.get(1).common().userConsent()).hasValue(1);
        assertThat(CertificateObject.decodeAll(trusted).get(0).authority()).isTrue();
    }

    private static AuthenticationObject pin(String label, Identifier authId, int reference) {
        return new AuthenticationObject(
                CommonObjectAttributes.of(label, EnumSet.of(ObjectFlag.PRIVATE, ObjectFlag.MODIFIABLE), PUK),
                authId,
                PinAttributes.builder().flags(PinFlag.INITIALIZED, PinFlag.NEEDS_PADDING).minLength(4).storedLength(12)
                        .maxLength(12).reference(reference).padChar(0x00).path(Path.ofHex("3F00")).build());
    }

    private static AuthenticationObject puk() {
        return new AuthenticationObject(CommonObjectAttributes.of("PUK", EnumSet.of(ObjectFlag.PRIVATE), null), PUK,
                PinAttributes.builder().flags(PinFlag.INITIALIZED, PinFlag.NEEDS_PADDING, PinFlag.UNBLOCKING_PIN)
                        .minLength(8).storedLength(12).maxLength(12).reference(0x13).padChar(0x00).build());
    }

    // Cards create these EFs with a fixed size, so the content is followed by zeroes.
    private static byte[] padded(byte[] content, int fileSize) {
        return Arrays.copyOf(content, Math.max(fileSize, content.length));
    }
}

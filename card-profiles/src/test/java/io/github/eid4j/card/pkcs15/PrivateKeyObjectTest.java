package io.github.eid4j.card.pkcs15;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PrivateKeyObjectTest {
    private static final EnumSet<KeyAccessFlag> CARD_KEY = EnumSet.of(KeyAccessFlag.SENSITIVE,
            KeyAccessFlag.ALWAYS_SENSITIVE, KeyAccessFlag.NEVER_EXTRACTABLE, KeyAccessFlag.LOCAL);

    /**
     * An RSA key by hand: privateRSAKey is the untagged alternative, so a plain SEQUENCE; native
     * TRUE is the DEFAULT and so absent; typeAttributes [1] is explicit around the
     * PrivateRSAKeyAttributes SEQUENCE.
     */
    static final String RSA = "30 33"
            + " 30 11 0C 08 41 75 74 68 20 6B 65 79"   // label "Auth key"
            + "  03 02 07 80"                          // flags: private
            + "  04 01 01"                             // authId: PIN1
            + " 30 0E 04 01 45"                        // iD 45
            + "  03 02 04 70"                          // usage: decrypt, sign, signRecover
            + "  03 02 03 B8"                          // access: sensitive, alwaysSensitive, neverExtractable, local
            + "  02 01 01"                             // keyReference 1
            + " A1 0E 30 0C 30 06 04 04 3F 00 50 15"   // [1] { { value Path 3F00 5015,
            + "  02 02 08 00";                         //         modulusLength 2048 } }

    /**
     * An EC key by hand: privateECKey [0] replaces the object's SEQUENCE tag (implicit), and the
     * field size follows the value as OpenSC's c_asn1_ecckey_attr reads it.
     */
    static final String EC = "A0 34"
            + " 30 11 0C 08 53 69 67 6E 20 6B 65 79 03 02 07 80 04 01 02"   // "Sign key", private, PIN2
            + " 30 0F 04 01 46"                                             // iD 46
            + "  03 03 06 00 40"                                            // usage: nonRepudiation (bit 9)
            + "  03 02 03 B8 02 01 02"                                      // access flags, keyReference 2
            + " A1 0E 30 0C 30 06 04 04 3F 00 50 15 02 02 01 80";           // value, fieldSize 384

    static PrivateKeyObject rsa() {
        return new PrivateKeyObject(
                CommonObjectAttributes.of("Auth key", EnumSet.of(ObjectFlag.PRIVATE), Identifier.ofHex("01")),
                CommonKeyAttributes.of(Identifier.ofHex("45"),
                        EnumSet.of(KeyUsageFlag.SIGN, KeyUsageFlag.SIGN_RECOVER, KeyUsageFlag.DECRYPT), CARD_KEY, 1),
                new PrivateRsaKeyAttributes(Path.ofHex("3F00 5015"), 2048));
    }

    static PrivateKeyObject ec() {
        return new PrivateKeyObject(
                CommonObjectAttributes.of("Sign key", EnumSet.of(ObjectFlag.PRIVATE), Identifier.ofHex("02")),
                CommonKeyAttributes.of(Identifier.ofHex("46"), EnumSet.of(KeyUsageFlag.NON_REPUDIATION), CARD_KEY, 2),
                PrivateEcKeyAttributes.of(Path.ofHex("3F00 5015"), 384));
    }

    @Test
    void decodesHandMadeRsaAndEcKeys() {
        List<PrivateKeyObject> keys = PrivateKeyObject.decodeAll(Hex.decode(RSA + EC + " FF FF FF FF"));

        PrivateKeyObject rsa = keys.get(0);
        assertThat(rsa.common().label()).contains("Auth key");
        assertThat(rsa.common().authId()).contains(Identifier.ofHex("01"));
        assertThat(rsa.key().id()).isEqualTo(Identifier.ofHex("45"));
        assertThat(rsa.key().usage()).containsExactly(KeyUsageFlag.DECRYPT, KeyUsageFlag.SIGN, KeyUsageFlag.SIGN_RECOVER);
        assertThat(rsa.key().nativeKey()).isTrue();
        assertThat(rsa.key().accessFlags()).isEqualTo(CARD_KEY);
        assertThat(rsa.key().keyReference()).hasValue(1);
        assertThat(rsa.attributes()).isEqualTo(new PrivateRsaKeyAttributes(Path.ofHex("3F00 5015"), 2048));
        assertThat(rsa.attributes().keySize()).isEqualTo(2048);

        PrivateKeyObject ec = keys.get(1);
        assertThat(ec.key().usage()).containsExactly(KeyUsageFlag.NON_REPUDIATION);
        assertThat(ec.attributes()).isInstanceOf(PrivateEcKeyAttributes.class);
        assertThat(ec.attributes().keySize()).isEqualTo(384);
        assertThat(keys).containsExactly(rsa(), ec());
    }

    @Test
    void encodesTheSameBytes() {
        assertThat(Hex.spaced(rsa().encode())).isEqualTo(Hex.spaced(Hex.decode(RSA)));
        assertThat(Hex.spaced(ec().encode())).isEqualTo(Hex.spaced(Hex.decode(EC)));
        assertThat(PrivateKeyObject.encodeAll(List.of(rsa(), ec()))).containsExactly(Hex.decode(RSA + EC));
    }

    @Test
    void writesTheCurveForStandardReadersWhenAsked() {
        PrivateEcKeyAttributes attributes = PrivateEcKeyAttributes.of(Path.ofHex("4B01"), 384).withNamedCurve("1.3.132.0.34");
        PrivateKeyObject key = new PrivateKeyObject(ec().common(), ec().key(), attributes);

        assertThat(Hex.spaced(key.encode())).endsWith("A1 15 30 13 30 04 04 02 4B 01 02 02 01 80 30 07 06 05 2B 81 04 00 22");
        assertThat(PrivateKeyObject.decode(key.encode())).isEqualTo(key);
    }

    @Test
    void readsTheCurveAloneAndSkipsOpenScsKeyInfoReference() {
        PrivateKeyObject curveOnly = new PrivateKeyObject(ec().common(), ec().key(),
                new PrivateEcKeyAttributes(Path.ofHex("4B01"), OptionalInt.empty(), Optional.of("1.2.840.10045.3.1.7")));
        assertThat(PrivateKeyObject.decode(curveOnly.encode())).isEqualTo(curveOnly);
        assertThat(curveOnly.attributes().keySize()).isZero();

        // value, fieldSize 256, keyInfo reference 3, ecDomain { P-256 }: OpenSC 0.24's full layout.
        PrivateKeyObject full = PrivateKeyObject.decode(Hex.decode(EC.replace("A0 34", "A0 43")
                .replace("A1 0E 30 0C", "A1 1D 30 1B").replace("02 02 01 80", "02 02 01 00 02 01 03 30 0A 06 08 2A 86 48 CE 3D 03 01 07")));
        assertThat(full.attributes()).isEqualTo(new PrivateEcKeyAttributes(Path.ofHex("3F00 5015"), OptionalInt.of(256),
                Optional.of("1.2.840.10045.3.1.7")));
    }

    @Test
    void writesNativeOnlyWhenFalseAndSkipsPrivateKeySubclassAttributes() {
        PrivateKeyObject exported = new PrivateKeyObject(CommonObjectAttributes.of(null, EnumSet.noneOf(ObjectFlag.class), null),
                new CommonKeyAttributes(Identifier.ofHex("01"), EnumSet.of(KeyUsageFlag.DERIVE), false,
                        EnumSet.noneOf(KeyAccessFlag.class), OptionalInt.empty()),
                new PrivateRsaKeyAttributes(Path.ofHex("4B01"), 1024));

        assertThat(Hex.spaced(exported.encode())).isEqualTo("30 1D 30 00"
                + " 30 0B 04 01 01 03 03 07 00 80 01 01 00"      // iD, usage derive, native FALSE
                + " A1 0C 30 0A 30 04 04 02 4B 01 02 02 04 00");
        assertThat(PrivateKeyObject.decode(exported.encode())).isEqualTo(exported);

        // commonPrivateKeyAttributes [0] { subjectName } between the key attributes and [1].
        String withSubject = RSA.replace("30 33", "30 39").replace(" A1 0E", " A0 04 30 02 30 00 A1 0E");
        assertThat(PrivateKeyObject.decode(Hex.decode(withSubject))).isEqualTo(rsa());
    }

    @Test
    void readsTheNegativeKeyReferenceOldOpenScWrote() {
        PrivateKeyObject key = PrivateKeyObject.decode(Hex.decode(RSA.replace("02 01 01", "02 01 81")));

        assertThat(key.key().keyReference()).hasValue(0x81);
    }

    @Test
    void rejectsOtherKeyTypesAndMalformedEntries() {
        assertThatThrownBy(() -> PrivateKeyObject.decode(Hex.decode("A4 02 30 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The PrKDF entry is a [4] element, and only RSA (SEQUENCE) and EC ([0]) private keys are supported.");
        assertThatThrownBy(() -> PrivateKeyObject.decode(Hex.decode(RSA.replace("02 02 08 00", "02 01 00")
                .replace("A1 0E 30 0C", "A1 0D 30 0B").replace("30 33", "30 32"))))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The PrKDF entry has the modulusLength 0, which is not positive.");
        assertThatThrownBy(() -> PrivateKeyObject.decode(Hex.decode(RSA.replace("04 01 45", "05 01 45"))))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessageStartingWith("The PrKDF entry is not well-formed ASN.1 (");
        assertThatThrownBy(() -> PrivateKeyObject.decode(Hex.decode(RSA.replace("04 01 45", "0C 01 45"))))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The commonKeyAttributes of the PrKDF entry has a UTF8String where its iD should be.");
        assertThatThrownBy(() -> PrivateKeyObject.decode(Hex.decode(RSA.replace("03 02 04 70", "03 02 08 70"))))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessageStartingWith("The PrKDF entry is not well-formed ASN.1 (");
    }
}

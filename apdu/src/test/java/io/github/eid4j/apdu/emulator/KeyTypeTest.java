package io.github.eid4j.apdu.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyTypeTest {
    @Test
    void namesAreTheOnesProfilesUse() {
        assertThat(KeyType.values()).extracting(KeyType::text).containsExactly("rsa-2048", "rsa-3072", "rsa-4096",
                "ec-p256", "ec-p384", "ec-p521", "ec-brainpoolP256r1", "ec-brainpoolP384r1", "ec-brainpoolP512r1");
        assertThat(KeyType.values()).extracting(KeyType::curveName).containsExactly(null, null, null, "secp256r1",
                "secp384r1", "secp521r1", "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void parsesItsOwnNameInAnyCase(KeyType type) {
        assertThat(KeyType.parse(type.text())).isEqualTo(type);
        assertThat(KeyType.parse(type.text().toUpperCase(Locale.ROOT))).isEqualTo(type);
    }

    @Test
    void anUnknownNameIsAnsweredWithTheValidOnes() {
        assertThatThrownBy(() -> KeyType.parse("rsa-1024")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown key type \"rsa-1024\"; the key types are rsa-2048, rsa-3072, rsa-4096, ec-p256, "
                        + "ec-p384, ec-p521, ec-brainpoolP256r1, ec-brainpoolP384r1, ec-brainpoolP512r1.");
        assertThatThrownBy(() -> KeyType.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rsaTypesHaveModulusLengthsAndNoCurve() {
        assertThat(KeyType.RSA_3072.isRsa()).isTrue();
        assertThat(KeyType.RSA_3072.sizeBits()).isEqualTo(3072);
        assertThat(KeyType.RSA_3072.curveName()).isNull();
        assertThatThrownBy(KeyType.RSA_2048::fieldBytes).isInstanceOf(IllegalStateException.class)
                .hasMessage("rsa-2048 is an RSA key type and has no field size.");
    }

    /** Checked against BouncyCastle's own curve table, so a typo in a size or name shows. */
    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = "EC_.*", mode = EnumSource.Mode.MATCH_ALL)
    void ecSizesAreTheCurvesOwn(KeyType type) {
        assertThat(type.isRsa()).isFalse();
        X9ECParameters curve = ECNamedCurveTable.getByName(type.curveName());
        assertThat(curve).as(type.curveName()).isNotNull();
        assertThat(type.sizeBits()).isEqualTo(curve.getN().bitLength());
        assertThat(type.fieldBytes()).isEqualTo((curve.getCurve().getFieldSize() + 7) / 8);
    }
}

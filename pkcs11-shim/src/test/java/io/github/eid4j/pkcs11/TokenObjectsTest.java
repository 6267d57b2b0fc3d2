package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.github.eid4j.apdu.emulator.VirtualCards;

/** The objects and mechanisms a module opened in-process (no .so) makes of both FINEID generations. */
class TokenObjectsTest {
    @TempDir
    static Path home;
    static Module module;

    @BeforeAll
    static void open() throws Exception {
        new VirtualCards(home).create("v4", "fineid-v4", true);
        new VirtualCards(home).create("v3", "fineid-v3", true);
        ModuleConfig config = new ModuleConfig(null, List.of("v4", "v3"), home, false, false);
        module = Module.open(config, config.canAnswers(), false);
    }

    @AfterAll
    static void close() {
        module.close();
    }

    /** The last four characters of the serial number of the token in a slot, as CK_TOKEN_INFO holds it. */
    private static String tail(int slot) {
        String serial = module.slot(slot).token().serial();
        String shown = serial.substring(0, Math.min(16, serial.length()));
        return shown.substring(shown.length() - 4);
    }

    private static TokenObject object(Token token, long objectClass, int id) {
        return token.allObjects().stream()
                .filter(o -> o.objectClass() == objectClass && o.get(Ck.CKA_ID) != null && o.get(Ck.CKA_ID).length == 1
                        && o.get(Ck.CKA_ID)[0] == id)
                .findFirst().orElseThrow();
    }

    @Test
    void twoTokensPerCardInSlotOrder() {
        assertThat(module.slots()).extracting(s -> s.token().label().replaceAll(" #[0-9]{4}$", ""))
                .containsExactly("Maija Meikäläinen (PIN1)", "Maija Meikäläinen (PIN2)", "Maija Meikäläinen (PIN1)",
                        "Maija Meikäläinen (PIN2)");
        // Two cards of one holder: four labels, each naming the card by its serial number.
        assertThat(module.slots()).extracting(s -> s.token().label()).doesNotHaveDuplicates();
        assertThat(module.slots()).extracting(s -> s.description()).containsExactly(
                "eid4j virtual card 'v4' (FINEID v4.0 #" + tail(0) + ")", "eid4j virtual card 'v4' (FINEID v4.0 #" + tail(0) + ")",
                "eid4j virtual card 'v3' (FINEID v3.1 #" + tail(2) + ")", "eid4j virtual card 'v3' (FINEID v3.1 #" + tail(2) + ")");
        assertThat(module.slots()).extracting(s -> s.token().pin().label()).containsExactly("PIN1", "PIN2", "PIN1", "PIN2");
        assertThat(module.slot(1).token().mechanisms()).containsExactly(Mechanism.ECDSA, Mechanism.ECDSA_SHA1, Mechanism.ECDSA_SHA224,
                Mechanism.ECDSA_SHA256, Mechanism.ECDSA_SHA384, Mechanism.ECDSA_SHA512);
        assertThat(module.slot(2).token().mechanisms()).contains(Mechanism.RSA_PKCS, Mechanism.RSA_PKCS_PSS,
                Mechanism.SHA256_RSA_PKCS_PSS).doesNotContain(Mechanism.ECDSA);
    }

    @Test
    void ecKeysCarryTheirCurveAndPoint() throws Exception {
        Token token = module.slot(0).token();
        TokenObject cert = object(token, Ck.CKO_CERTIFICATE, 0x45);
        TokenObject pub = object(token, Ck.CKO_PUBLIC_KEY, 0x45);
        TokenObject priv = object(token, Ck.CKO_PRIVATE_KEY, 0x45);
        ECPublicKey key = (ECPublicKey) pub.key().publicKey();
        byte[] point = ASN1OctetString.getInstance(pub.get(Ck.CKA_EC_POINT)).getOctets();
        assertThat(point[0]).isEqualTo((byte) 4);
        assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 49))).isEqualTo(key.getW().getAffineX());
        assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(point, 49, 97))).isEqualTo(key.getW().getAffineY());
        assertThat(priv.get(Ck.CKA_EC_PARAMS)).isEqualTo(pub.get(Ck.CKA_EC_PARAMS));
        assertThat(ASN1Primitive.fromByteArray(pub.get(Ck.CKA_EC_PARAMS)).toString()).isEqualTo("1.3.132.0.34");
        assertThat(ASN1Integer.getInstance(cert.get(Ck.CKA_SERIAL_NUMBER)).getValue()).isEqualTo(pub.key().certificate().getSerialNumber());
        assertThat(cert.get(Ck.CKA_CHECK_VALUE)).hasSize(3);
        assertThat(priv.isPrivate()).isTrue();
        assertThat(priv.get(Ck.CKA_VALUE)).isNull();
        assertThat(priv.isSensitive(Ck.CKA_VALUE)).isTrue();
        assertThat(priv.alwaysAuthenticate()).isFalse();
        assertThat(object(module.slot(1).token(), Ck.CKO_PRIVATE_KEY, 0x46).alwaysAuthenticate()).isTrue();
        assertThat(Attributes.ulongs(Ck.CKM_ECDSA, Ck.CKM_ECDSA_SHA1, Ck.CKM_ECDSA_SHA224, Ck.CKM_ECDSA_SHA256, Ck.CKM_ECDSA_SHA384, Ck.CKM_ECDSA_SHA512))
                .isEqualTo(priv.get(Ck.CKA_ALLOWED_MECHANISMS));
    }

    @Test
    void rsaKeysCarryModulusAndExponentButNotTheirSecrets() {
        Token token = module.slot(2).token();
        TokenObject pub = object(token, Ck.CKO_PUBLIC_KEY, 0x45);
        TokenObject priv = object(token, Ck.CKO_PRIVATE_KEY, 0x45);
        RSAPublicKey key = (RSAPublicKey) pub.key().publicKey();
        assertThat(new BigInteger(1, pub.get(Ck.CKA_MODULUS))).isEqualTo(key.getModulus());
        assertThat(pub.get(Ck.CKA_MODULUS)).hasSize(256);
        assertThat(new BigInteger(1, priv.get(Ck.CKA_PUBLIC_EXPONENT))).isEqualTo(key.getPublicExponent());
        assertThat(Attributes.ulong(pub.get(Ck.CKA_MODULUS_BITS))).isEqualTo(2048);
        for (long secret : new long[] {Ck.CKA_PRIVATE_EXPONENT, Ck.CKA_PRIME_1, Ck.CKA_PRIME_2, Ck.CKA_COEFFICIENT}) {
            assertThat(priv.get(secret)).isNull();
            assertThat(priv.isSensitive(secret)).isTrue();
        }
        assertThat(priv.get(Ck.CKA_EXTRACTABLE)).containsExactly(0);
        assertThat(priv.get(Ck.CKA_NEVER_EXTRACTABLE)).containsExactly(1);
    }

    /**
     * A public key says what its private half does, in the public key's terms (a conformance
     * suite pairs CKA_SIGN with CKA_VERIFY, CKA_DECRYPT with CKA_ENCRYPT, CKA_DERIVE with itself).
     */
    @Test
    void publicKeysCarryTheUsesOfTheirPrivateHalves() {
        long[][] privateAndPublic = {
            {Ck.CKA_SIGN, Ck.CKA_VERIFY}, {Ck.CKA_DECRYPT, Ck.CKA_ENCRYPT}, {Ck.CKA_DERIVE, Ck.CKA_DERIVE},
            {Ck.CKA_UNWRAP, Ck.CKA_WRAP}, {Ck.CKA_SIGN_RECOVER, Ck.CKA_VERIFY_RECOVER},
        };
        int pairs = 0;
        for (Slot slot : module.slots()) {
            for (TokenObject priv : slot.token().allObjects()) {
                if (priv.objectClass() != Ck.CKO_PRIVATE_KEY) {
                    continue;
                }
                TokenObject pub = object(slot.token(), Ck.CKO_PUBLIC_KEY, priv.get(Ck.CKA_ID)[0]);
                for (long[] pair : privateAndPublic) {
                    assertThat(pub.get(pair[1])).as("slot %d, attribute 0x%x of public key %s", slot.id(), pair[1],
                            new String(priv.get(Ck.CKA_LABEL), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(priv.get(pair[0])).hasSize(1);
                }
                pairs++;
            }
        }
        assertThat(pairs).isEqualTo(4);
        assertThat(object(module.slot(0).token(), Ck.CKO_PUBLIC_KEY, 0x45).get(Ck.CKA_DERIVE)).as("v4: ECDH").containsExactly(1);
        assertThat(object(module.slot(2).token(), Ck.CKO_PUBLIC_KEY, 0x45).get(Ck.CKA_ENCRYPT)).as("v3: RSA decryption").containsExactly(1);
        assertThat(object(module.slot(3).token(), Ck.CKO_PUBLIC_KEY, 0x46).get(Ck.CKA_VERIFY)).containsExactly(1);
        assertThat(object(module.slot(3).token(), Ck.CKO_PUBLIC_KEY, 0x46).get(Ck.CKA_ENCRYPT)).containsExactly(0);
    }

    @Test
    void templatesMatchExactValues() {
        Token token = module.slot(0).token();
        TokenObject cert = object(token, Ck.CKO_CERTIFICATE, 0x45);
        assertThat(cert.matches(List.of(new TokenObject.Attribute(Ck.CKA_CLASS, Attributes.ulong(Ck.CKO_CERTIFICATE))))).isTrue();
        assertThat(cert.matches(List.of(new TokenObject.Attribute(Ck.CKA_CLASS, Attributes.ulong(Ck.CKO_PUBLIC_KEY))))).isFalse();
        assertThat(cert.matches(List.of(new TokenObject.Attribute(Ck.CKA_ID, new byte[] {0x45, 0})))).isFalse();
        assertThat(cert.matches(List.of(new TokenObject.Attribute(Ck.CKA_MODULUS, new byte[0])))).isFalse();
        assertThat(cert.matches(List.of())).isTrue();
    }
}

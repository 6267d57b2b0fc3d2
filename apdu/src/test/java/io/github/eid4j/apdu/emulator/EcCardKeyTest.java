package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.HashAlgorithm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import javax.crypto.KeyAgreement;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * EC card keys, checked from the host's side: the JDK for NIST curves, BouncyCastle (its provider
 * passed explicitly, never registered) for brainpool curves, which the JDK no longer signs with.
 */
class EcCardKeyTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Provider BC = new BouncyCastleProvider();
    private static final byte[] MESSAGE = "document to sign".getBytes(StandardCharsets.UTF_8);
    private static final Map<KeyType, CardKey> KEYS = new EnumMap<>(KeyType.class);

    @BeforeAll
    static void generateKeys() {
        for (KeyType type : KeyType.values()) {
            if (!type.isRsa()) {
                KEYS.put(type, CardKey.generate(1, type, RANDOM));
            }
        }
    }

    /** The hash a host pairs with each curve: the one as long as the order. */
    private static HashAlgorithm hashFor(KeyType type) {
        return switch (type.fieldBytes()) {
            case 32 -> HashAlgorithm.SHA256;
            case 48 -> HashAlgorithm.SHA384;
            default -> HashAlgorithm.SHA512;
        };
    }

    private static boolean brainpool(KeyType type) {
        return type.curveName().startsWith("brainpool");
    }

    private static byte[] digest(HashAlgorithm hash, byte[] message) throws Exception {
        return MessageDigest.getInstance(hash.jcaName()).digest(message);
    }

    /** Verifies a raw r || s signature of the message hashed with {@code hash}. */
    private static boolean verify(CardKey key, HashAlgorithm hash, byte[] message, byte[] signature) throws Exception {
        String hashName = hash.jcaName().replace("-", "");
        Signature verifier = brainpool(key.type())
                ? Signature.getInstance(hashName + "withPLAIN-ECDSA", BC)
                : Signature.getInstance(hashName + "withECDSAinP1363Format");
        verifier.initVerify(key.publicKey());
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static byte[] leftPad(byte[] bytes, int length) {
        byte[] padded = new byte[length];
        System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
        return padded;
    }

    private static KeyPair hostKeyPair(KeyType type) throws Exception {
        KeyPairGenerator generator = brainpool(type) ? KeyPairGenerator.getInstance("EC", BC) : KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(type.curveName()), RANDOM);
        return generator.generateKeyPair();
    }

    private static byte[] uncompressed(ECPublicKey key, int fieldBytes) {
        byte[] point = new byte[1 + 2 * fieldBytes];
        point[0] = 0x04;
        BigIntegers.asUnsignedByteArray(key.getW().getAffineX(), point, 1, fieldBytes);
        BigIntegers.asUnsignedByteArray(key.getW().getAffineY(), point, 1 + fieldBytes, fieldBytes);
        return point;
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = "EC_.*", mode = EnumSource.Mode.MATCH_ALL)
    void signatureVerifiesOnTheHost(KeyType type) throws Exception {
        CardKey key = KEYS.get(type);
        HashAlgorithm hash = hashFor(type);
        byte[] signature = key.signEcdsa(digest(hash, MESSAGE));

        assertThat(signature).hasSize(2 * type.fieldBytes());
        assertThat(verify(key, hash, MESSAGE, signature)).isTrue();
        assertThat(verify(key, hash, "another document".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    }

    /** OpenSC pads a short hash with zeros to the field length, or beyond; it is the same number. */
    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = "EC_.*", mode = EnumSource.Mode.MATCH_ALL)
    void aZeroPaddedDigestSignsTheBareDigest(KeyType type) throws Exception {
        CardKey key = KEYS.get(type);
        byte[] sha256 = digest(HashAlgorithm.SHA256, MESSAGE);
        byte[] toField = key.signEcdsa(leftPad(sha256, type.fieldBytes()));
        byte[] beyondField = key.signEcdsa(leftPad(sha256, type.fieldBytes() + 5));

        assertThat(verify(key, HashAlgorithm.SHA256, MESSAGE, toField)).isTrue();
        assertThat(verify(key, HashAlgorithm.SHA256, MESSAGE, beyondField)).isTrue();
    }

    @Test
    void aSha256DigestPaddedTo48BytesSignsForP384() throws Exception {
        CardKey key = KEYS.get(KeyType.EC_P384);
        byte[] signature = key.signEcdsa(leftPad(digest(HashAlgorithm.SHA256, MESSAGE), 48));

        assertThat(signature).hasSize(96);
        assertThat(verify(key, HashAlgorithm.SHA256, MESSAGE, signature)).isTrue();
    }

    /** P-521's field is 66 bytes but its order 521 bits: a SHA-512 digest padded to 66 bytes is still that digest. */
    @Test
    void aSha512DigestPaddedTo66BytesSignsForP521() throws Exception {
        CardKey key = KEYS.get(KeyType.EC_P521);
        byte[] signature = key.signEcdsa(leftPad(digest(HashAlgorithm.SHA512, MESSAGE), 66));

        assertThat(signature).hasSize(132);
        assertThat(verify(key, HashAlgorithm.SHA512, MESSAGE, signature)).isTrue();
    }

    /** A 66-byte number wider than the order of P-521 is cut to its leftmost 521 bits, as ECDSA says. */
    @Test
    void aNumberWiderThanTheOrderIsTruncated() throws Exception {
        CardKey key = KEYS.get(KeyType.EC_P521);
        byte[] wide = new byte[66];
        RANDOM.nextBytes(wide);
        wide[0] = (byte) 0xFF;
        byte[] signature = key.signEcdsa(wide);

        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, (ECPublicKeyParameters) PublicKeyFactory.createKey(key.encodedPublicKey()));
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 66));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 66, 132));
        assertThat(verifier.verifySignature(wide, r, s)).isTrue();
    }

    @Test
    void aShortDigestIsSignedAsItIs() throws Exception {
        CardKey key = KEYS.get(KeyType.EC_P256);

        assertThat(verify(key, HashAlgorithm.SHA1, MESSAGE, key.signEcdsa(digest(HashAlgorithm.SHA1, MESSAGE)))).isTrue();
    }

    /** The nonce is derived from the key and the number signed, so padding changes nothing. */
    @Test
    void signaturesAreDeterministicAndBlindToPadding() throws Exception {
        CardKey key = KEYS.get(KeyType.EC_BRAINPOOLP384R1);
        byte[] sha256 = digest(HashAlgorithm.SHA256, MESSAGE);

        assertThat(key.signEcdsa(sha256)).isEqualTo(key.signEcdsa(leftPad(sha256, 60)));
        assertThat(key.signEcdsa(sha256)).isNotEqualTo(key.signEcdsa(digest(HashAlgorithm.SHA256, sha256)));
    }

    /**
     * A digest longer than the field is cut to the order's leftmost bits (FIPS 186-4 §6.4, SEC 1
     * §4.1.3): SHA-512 on P-384 and P-256, SHA-384 on P-256 verify as the standard algorithms.
     */
    @ParameterizedTest
    @CsvSource({"EC_P384, SHA512", "EC_P256, SHA384", "EC_P256, SHA512"})
    void aDigestLongerThanTheFieldIsTruncatedAsEcdsaSays(KeyType type, HashAlgorithm hash) throws Exception {
        CardKey key = KEYS.get(type);
        byte[] signature = key.signEcdsa(digest(hash, MESSAGE));

        assertThat(verify(key, hash, MESSAGE, signature)).isTrue();
    }

    @Test
    void anEmptyDigestIsRefused() {
        CardKey key = KEYS.get(KeyType.EC_P256);

        assertThatThrownBy(() -> key.signEcdsa(new byte[0])).isInstanceOf(CardKeyException.class)
                .hasMessage("The digest to sign is empty.");
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = "EC_.*", mode = EnumSource.Mode.MATCH_ALL)
    void ecdhAgreesWithTheHost(KeyType type) throws Exception {
        CardKey key = KEYS.get(type);
        KeyPair host = hostKeyPair(type);
        KeyAgreement agreement = brainpool(type) ? KeyAgreement.getInstance("ECDH", BC) : KeyAgreement.getInstance("ECDH");
        agreement.init(host.getPrivate());
        agreement.doPhase(key.publicKey(), true);
        byte[] expected = agreement.generateSecret();

        byte[] secret = key.deriveEcdh(uncompressed((ECPublicKey) host.getPublic(), type.fieldBytes()));
        assertThat(secret).hasSize(type.fieldBytes()).isEqualTo(expected);
    }

    @Test
    void ecdhRefusesAPointOffTheCurve() throws Exception {
        CardKey key = KEYS.get(KeyType.EC_P256);
        byte[] point = uncompressed((ECPublicKey) hostKeyPair(KeyType.EC_P256).getPublic(), 32);
        point[64] ^= 1;

        assertThatThrownBy(() -> key.deriveEcdh(point)).isInstanceOf(CardKeyException.class)
                .hasMessage("The peer point is not on the curve of an ec-p256 key.");
    }

    /** Invalid-curve attack: a valid point of another curve with the same field length. */
    @Test
    void ecdhRefusesAPointOfAnotherCurve() throws Exception {
        CardKey key = KEYS.get(KeyType.EC_BRAINPOOLP256R1);
        byte[] p256Point = uncompressed((ECPublicKey) hostKeyPair(KeyType.EC_P256).getPublic(), 32);

        assertThatThrownBy(() -> key.deriveEcdh(p256Point)).isInstanceOf(CardKeyException.class)
                .hasMessage("The peer point is not on the curve of an ec-brainpoolP256r1 key.");
    }

    @Test
    void ecdhRefusesCoordinatesBeyondTheField() {
        CardKey key = KEYS.get(KeyType.EC_P384);
        byte[] point = new byte[97];
        Arrays.fill(point, (byte) 0xFF);
        point[0] = 0x04;

        assertThatThrownBy(() -> key.deriveEcdh(point)).isInstanceOf(CardKeyException.class)
                .hasMessage("The peer point is not on the curve of an ec-p384 key.");
    }

    @Test
    void ecdhWantsAnUncompressedPointOfTheFieldLength() throws Exception {
        CardKey key = KEYS.get(KeyType.EC_P256);
        byte[] point = uncompressed((ECPublicKey) hostKeyPair(KeyType.EC_P256).getPublic(), 32);
        byte[] compressed = Arrays.copyOf(point, 33);
        compressed[0] = (byte) (2 + (point[64] & 1));
        byte[] wrongTag = point.clone();
        wrongTag[0] = 0x06; // hybrid form, same length
        String message = "The peer point must be an uncompressed ec-p256 point of 65 bytes (04, X, Y).";

        assertThatThrownBy(() -> key.deriveEcdh(compressed)).isInstanceOf(CardKeyException.class).hasMessage(message);
        assertThatThrownBy(() -> key.deriveEcdh(Arrays.copyOf(point, 64))).isInstanceOf(CardKeyException.class).hasMessage(message);
        assertThatThrownBy(() -> key.deriveEcdh(wrongTag)).isInstanceOf(CardKeyException.class).hasMessage(message);
        assertThatThrownBy(() -> key.deriveEcdh(new byte[] {0x00})).isInstanceOf(CardKeyException.class).hasMessage(message);
    }

    @Test
    void rsaOperationsAreRefused() {
        CardKey key = KEYS.get(KeyType.EC_P256);
        byte[] digest = new byte[32];

        assertThatThrownBy(() -> key.signPkcs1(HashAlgorithm.SHA256, digest)).isInstanceOf(CardKeyException.class)
                .hasMessage("Key 01 is an EC key and cannot make PKCS#1 v1.5 signatures.");
        assertThatThrownBy(() -> key.signPkcs1Raw(digest)).isInstanceOf(CardKeyException.class)
                .hasMessage("Key 01 is an EC key and cannot make PKCS#1 v1.5 signatures.");
        assertThatThrownBy(() -> key.signPss(HashAlgorithm.SHA256, digest)).isInstanceOf(CardKeyException.class)
                .hasMessage("Key 01 is an EC key and cannot make RSA-PSS signatures.");
        assertThatThrownBy(() -> key.decryptPkcs1(new byte[256])).isInstanceOf(CardKeyException.class)
                .hasMessage("Key 01 is an EC key and cannot decipher PKCS#1 v1.5 cryptograms.");
        assertThatThrownBy(() -> key.decryptOaep(HashAlgorithm.SHA256, new byte[256])).isInstanceOf(CardKeyException.class)
                .hasMessage("Key 01 is an EC key and cannot decipher RSA-OAEP cryptograms.");
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = "EC_.*", mode = EnumSource.Mode.MATCH_ALL)
    void aRestoredKeyIsTheSameKey(KeyType type) throws Exception {
        CardKey key = KEYS.get(type);
        CardKey restored = CardKey.restore(2, type, key.encodedPrivateKey(), key.encodedPublicKey());
        HashAlgorithm hash = hashFor(type);

        assertThat(restored.reference()).isEqualTo(2);
        assertThat(restored.encodedPrivateKey()).isEqualTo(key.encodedPrivateKey());
        assertThat(restored.encodedPublicKey()).isEqualTo(key.encodedPublicKey());
        assertThat(verify(key, hash, MESSAGE, restored.signEcdsa(digest(hash, MESSAGE)))).isTrue();
    }

    /** A key pair made by the JDK, in the JDK's encodings, as a card personalisation tool might bring it. */
    @Test
    void restoresAKeyTheJdkEncoded() throws Exception {
        KeyPair jdk = hostKeyPair(KeyType.EC_P384);
        CardKey key = CardKey.restore(3, KeyType.EC_P384, jdk.getPrivate().getEncoded(), jdk.getPublic().getEncoded());
        byte[] signature = key.signEcdsa(digest(HashAlgorithm.SHA384, MESSAGE));

        Signature verifier = Signature.getInstance("SHA384withECDSAinP1363Format");
        verifier.initVerify(jdk.getPublic());
        verifier.update(MESSAGE);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void restoreRefusesAPublicKeyOfAnotherKey() {
        CardKey key = KEYS.get(KeyType.EC_P256);
        CardKey other = CardKey.generate(2, KeyType.EC_P256, RANDOM);

        assertThatThrownBy(() -> CardKey.restore(1, KeyType.EC_P256, key.encodedPrivateKey(), other.encodedPublicKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The public key does not belong to the private key.");
    }

    @Test
    void restoreRefusesBytesThatAreNotAKeyOfTheType() {
        CardKey p256 = KEYS.get(KeyType.EC_P256);
        CardKey brainpool = KEYS.get(KeyType.EC_BRAINPOOLP256R1);
        byte[] garbage = new byte[100];
        RANDOM.nextBytes(garbage);

        assertThatThrownBy(() -> CardKey.restore(1, KeyType.EC_BRAINPOOLP256R1, p256.encodedPrivateKey(), p256.encodedPublicKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The private key bytes are not a PKCS#8 ec-brainpoolP256r1 private key.");
        assertThatThrownBy(() -> CardKey.restore(1, KeyType.EC_BRAINPOOLP256R1, brainpool.encodedPrivateKey(), p256.encodedPublicKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The public key bytes are not an X.509 ec-brainpoolP256r1 public key.");
        assertThatThrownBy(() -> CardKey.restore(1, KeyType.EC_P256, garbage, p256.encodedPublicKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The private key bytes are not a PKCS#8 ec-p256 private key.");
        assertThatThrownBy(() -> CardKey.restore(1, KeyType.EC_P256, p256.encodedPrivateKey(), garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The public key bytes are not an X.509 ec-p256 public key.");
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = "EC_.*", mode = EnumSource.Mode.MATCH_ALL)
    void thePublicKeyIsTheEncodedOne(KeyType type) {
        CardKey key = KEYS.get(type);

        assertThat(key.publicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(key.publicKey().getEncoded()).isEqualTo(key.encodedPublicKey());
        assertThat(key).hasToString("CardKey 01 (" + type.text() + ")");
    }
}

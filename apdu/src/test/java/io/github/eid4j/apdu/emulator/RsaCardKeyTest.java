package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.HashAlgorithm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RSA card keys, checked against the JDK's verifiers and ciphers from the host's side. */
class RsaCardKeyTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "document to sign".getBytes(StandardCharsets.UTF_8);
    private static final Map<KeyType, CardKey> KEYS = new EnumMap<>(KeyType.class);
    private static CardKey other2048;

    /** Big RSA keys are slow to make: each is made once, all at the same time. */
    @BeforeAll
    static void generateKeys() {
        Stream.of(KeyType.RSA_2048, KeyType.RSA_3072, KeyType.RSA_4096, KeyType.RSA_2048).parallel()
                .map(type -> CardKey.generate(1, type, RANDOM))
                .forEachOrdered(key -> {
                    if (KEYS.putIfAbsent(key.type(), key) != null) {
                        other2048 = key;
                    }
                });
    }

    private static CardKey key() {
        return KEYS.get(KeyType.RSA_2048);
    }

    private static byte[] digest(HashAlgorithm hash, byte[] message) throws Exception {
        return MessageDigest.getInstance(hash.jcaName()).digest(message);
    }

    private static String jdkName(HashAlgorithm hash) {
        return hash.jcaName().replace("-", "");
    }

    private static boolean verifyPkcs1(CardKey key, HashAlgorithm hash, byte[] message, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(jdkName(hash) + "withRSA");
        verifier.initVerify(key.publicKey());
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static boolean verifyPss(CardKey key, HashAlgorithm hash, byte[] message, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(new PSSParameterSpec(hash.jcaName(), "MGF1", new MGF1ParameterSpec(hash.jcaName()),
                hash.digestLength(), PSSParameterSpec.TRAILER_FIELD_BC));
        verifier.initVerify(key.publicKey());
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static OAEPParameterSpec oaep(HashAlgorithm hash) {
        return new OAEPParameterSpec(hash.jcaName(), "MGF1", new MGF1ParameterSpec(hash.jcaName()), PSource.PSpecified.DEFAULT);
    }

    private static int modulusBytes(CardKey key) {
        return key.type().sizeBits() / 8;
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = "RSA_.*", mode = EnumSource.Mode.MATCH_ALL)
    void pkcs1SignatureVerifiesWithTheJdk(KeyType type) throws Exception {
        CardKey key = KEYS.get(type);
        byte[] signature = key.signPkcs1(HashAlgorithm.SHA256, digest(HashAlgorithm.SHA256, MESSAGE));

        assertThat(signature).hasSize(modulusBytes(key));
        assertThat(verifyPkcs1(key, HashAlgorithm.SHA256, MESSAGE, signature)).isTrue();
        assertThat(verifyPkcs1(key, HashAlgorithm.SHA256, "another document".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void pkcs1SignsWithEveryHash(HashAlgorithm hash) throws Exception {
        byte[] signature = key().signPkcs1(hash, digest(hash, MESSAGE));

        assertThat(verifyPkcs1(key(), hash, MESSAGE, signature)).isTrue();
    }

    @Test
    void rawPkcs1SignsADigestInfoTheHostBuilt() throws Exception {
        byte[] digestInfo = HashAlgorithm.SHA384.digestInfo(digest(HashAlgorithm.SHA384, MESSAGE));

        assertThat(verifyPkcs1(key(), HashAlgorithm.SHA384, MESSAGE, key().signPkcs1Raw(digestInfo))).isTrue();
    }

    /** INTERNAL AUTHENTICATE: the host recovers the challenge with the public key. */
    @Test
    void rawPkcs1TakesUpToElevenBytesLessThanTheModulus() throws Exception {
        byte[] challenge = new byte[256 - 11];
        RANDOM.nextBytes(challenge);
        byte[] signature = key().signPkcs1Raw(challenge);

        Cipher recover = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        recover.init(Cipher.DECRYPT_MODE, key().publicKey());
        assertThat(recover.doFinal(signature)).isEqualTo(challenge);

        assertThatThrownBy(() -> key().signPkcs1Raw(new byte[256 - 10])).isInstanceOf(CardKeyException.class)
                .hasMessage("The data to sign is 246 bytes long, but an rsa-2048 key signs at most 245 bytes.");
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = "RSA_.*", mode = EnumSource.Mode.MATCH_ALL)
    void pssSignatureVerifiesWithTheJdk(KeyType type) throws Exception {
        CardKey key = KEYS.get(type);
        byte[] signature = key.signPss(HashAlgorithm.SHA256, digest(HashAlgorithm.SHA256, MESSAGE));

        assertThat(signature).hasSize(modulusBytes(key));
        assertThat(verifyPss(key, HashAlgorithm.SHA256, MESSAGE, signature)).isTrue();
        assertThat(verifyPss(key, HashAlgorithm.SHA256, "another document".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void pssSignsWithEveryHash(HashAlgorithm hash) throws Exception {
        byte[] signature = key().signPss(hash, digest(hash, MESSAGE));

        assertThat(verifyPss(key(), hash, MESSAGE, signature)).isTrue();
    }

    @Test
    void pssSaltsAreFresh() throws Exception {
        byte[] digest = digest(HashAlgorithm.SHA256, MESSAGE);

        assertThat(key().signPss(HashAlgorithm.SHA256, digest)).isNotEqualTo(key().signPss(HashAlgorithm.SHA256, digest));
    }

    @Test
    void aDigestMustHaveItsHashsLength() {
        assertThatThrownBy(() -> key().signPkcs1(HashAlgorithm.SHA256, new byte[31])).isInstanceOf(CardKeyException.class)
                .hasMessage("A SHA-256 digest is 32 bytes long, not 31.");
        assertThatThrownBy(() -> key().signPss(HashAlgorithm.SHA512, new byte[48])).isInstanceOf(CardKeyException.class)
                .hasMessage("A SHA-512 digest is 64 bytes long, not 48.");
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = "RSA_.*", mode = EnumSource.Mode.MATCH_ALL)
    void decryptsWhatTheJdkEncryptsWithPkcs1(KeyType type) throws Exception {
        CardKey key = KEYS.get(type);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key.publicKey());

        assertThat(key.decryptPkcs1(cipher.doFinal(secret))).isEqualTo(secret);
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void decryptsWhatTheJdkEncryptsWithOaep(HashAlgorithm hash) throws Exception {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key().publicKey(), oaep(hash));

        assertThat(key().decryptOaep(hash, cipher.doFinal(secret))).isEqualTo(secret);
    }

    @Test
    void decryptsOaepWithTheBiggestKey() throws Exception {
        CardKey key = KEYS.get(KeyType.RSA_4096);
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key.publicKey(), oaep(HashAlgorithm.SHA384));

        assertThat(key.decryptOaep(HashAlgorithm.SHA384, cipher.doFinal(MESSAGE))).isEqualTo(MESSAGE);
    }

    /** A block that is not 00 02 ..., encrypted without padding, must not come back as plaintext. */
    @Test
    void aBadBlockIsRefusedWithoutDetail() throws Exception {
        byte[] block = new byte[256];
        Stream.iterate(1, i -> i + 1).limit(255).forEach(i -> block[i] = (byte) 0x03);
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.ENCRYPT_MODE, key().publicKey());
        byte[] cryptogram = raw.doFinal(block);

        assertThatThrownBy(() -> key().decryptPkcs1(cryptogram)).isInstanceOf(CardKeyException.class)
                .hasMessage("The cryptogram does not decrypt to a valid PKCS#1 block.");
        assertThatThrownBy(() -> key().decryptOaep(HashAlgorithm.SHA256, cryptogram)).isInstanceOf(CardKeyException.class)
                .hasMessage("The cryptogram does not decrypt to a valid PKCS#1 block.");
    }

    @Test
    void oaepWithTheWrongHashIsRefused() throws Exception {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key().publicKey(), oaep(HashAlgorithm.SHA256));
        byte[] cryptogram = cipher.doFinal(MESSAGE);

        assertThatThrownBy(() -> key().decryptOaep(HashAlgorithm.SHA1, cryptogram)).isInstanceOf(CardKeyException.class)
                .hasMessage("The cryptogram does not decrypt to a valid PKCS#1 block.");
    }

    @Test
    void aCryptogramHasTheModulusLengthAndIsBelowTheModulus() {
        assertThatThrownBy(() -> key().decryptPkcs1(new byte[255])).isInstanceOf(CardKeyException.class)
                .hasMessage("A cryptogram for an rsa-2048 key is 256 bytes long, not 255.");
        byte[] tooBig = new byte[256];
        java.util.Arrays.fill(tooBig, (byte) 0xFF);
        assertThatThrownBy(() -> key().decryptOaep(HashAlgorithm.SHA256, tooBig)).isInstanceOf(CardKeyException.class)
                .hasMessage("The cryptogram is not smaller than the key's modulus.");
    }

    @Test
    void ecOperationsAreRefused() {
        assertThatThrownBy(() -> key().signEcdsa(new byte[32])).isInstanceOf(CardKeyException.class)
                .hasMessage("Key 01 is an RSA key and cannot make ECDSA signatures.");
        assertThatThrownBy(() -> key().deriveEcdh(new byte[65])).isInstanceOf(CardKeyException.class)
                .hasMessage("Key 01 is an RSA key and cannot derive ECDH shared secrets.");
    }

    @Test
    void aRestoredKeyMakesSignaturesThePublicKeyVerifies() throws Exception {
        CardKey restored = CardKey.restore(0x81, KeyType.RSA_2048, key().encodedPrivateKey(), key().encodedPublicKey());

        assertThat(restored.reference()).isEqualTo(0x81);
        assertThat(restored.type()).isEqualTo(KeyType.RSA_2048);
        assertThat(restored.encodedPublicKey()).isEqualTo(key().encodedPublicKey());
        byte[] signature = restored.signPkcs1(HashAlgorithm.SHA256, digest(HashAlgorithm.SHA256, MESSAGE));
        assertThat(verifyPkcs1(key(), HashAlgorithm.SHA256, MESSAGE, signature)).isTrue();
    }

    @Test
    void restoreRefusesAPublicKeyOfAnotherKey() {
        assertThatThrownBy(() -> CardKey.restore(1, KeyType.RSA_2048, key().encodedPrivateKey(), other2048.encodedPublicKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The public key does not belong to the private key.");
    }

    /** Same modulus and exponents, but a CRT value that does not fit: only the test signature shows it. */
    @Test
    void restoreRefusesAPrivateKeyThatDoesNotWork() throws Exception {
        KeyFactory factory = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKeySpec spec = factory.getKeySpec(factory.generatePrivate(new PKCS8EncodedKeySpec(key().encodedPrivateKey())),
                RSAPrivateCrtKeySpec.class);
        RSAPrivateCrtKeySpec broken = new RSAPrivateCrtKeySpec(spec.getModulus(), spec.getPublicExponent(),
                spec.getPrivateExponent(), spec.getPrimeP(), spec.getPrimeQ(), spec.getPrimeExponentP(),
                spec.getPrimeExponentQ(), spec.getCrtCoefficient().add(BigInteger.ONE));
        byte[] brokenPkcs8 = factory.generatePrivate(broken).getEncoded();

        assertThatThrownBy(() -> CardKey.restore(1, KeyType.RSA_2048, brokenPkcs8, key().encodedPublicKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The public key does not belong to the private key.");
    }

    @Test
    void restoreRefusesBytesThatAreNotAKeyOfTheType() {
        byte[] garbage = new byte[300];
        RANDOM.nextBytes(garbage);
        assertThatThrownBy(() -> CardKey.restore(1, KeyType.RSA_2048, garbage, key().encodedPublicKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The private key bytes are not a PKCS#8 RSA private key.");
        assertThatThrownBy(() -> CardKey.restore(1, KeyType.RSA_2048, key().encodedPrivateKey(), garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The public key bytes are not an X.509 RSA public key.");
        assertThatThrownBy(() -> CardKey.restore(1, KeyType.RSA_3072, key().encodedPrivateKey(), key().encodedPublicKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The private key is a 2048-bit RSA key, not rsa-3072.");
        CardKey ec = CardKey.generate(1, KeyType.EC_P256, RANDOM);
        assertThatThrownBy(() -> CardKey.restore(1, KeyType.RSA_2048, ec.encodedPrivateKey(), ec.encodedPublicKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The private key bytes are not a PKCS#8 RSA private key.");
    }

    @Test
    void thePublicKeyIsTheJdksRsaKey() {
        assertThat(key().publicKey()).isInstanceOf(RSAPublicKey.class);
        assertThat(((RSAPublicKey) key().publicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(key().publicKey().getEncoded()).isEqualTo(key().encodedPublicKey());
    }

    @Test
    void referencesAreOneByteAndShowInItsNameButNoKeyMaterialDoes() {
        assertThatThrownBy(() -> CardKey.generate(0x100, KeyType.RSA_2048, RANDOM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A key reference is one byte, not 256.");
        assertThat(key()).hasToString("CardKey 01 (rsa-2048)");
    }
}

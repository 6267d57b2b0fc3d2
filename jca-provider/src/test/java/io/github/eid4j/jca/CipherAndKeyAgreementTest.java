package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decryption and unwrapping with the v3 RSA key, ECDH with the v4 EC key, each checked against the JDK. */
class CipherAndKeyAgreementTest {
    private static String v3;
    private static String v4;
    private static KeyStore v3Store;
    private static KeyStore v4Store;
    private static Eid4jProvider provider;

    @BeforeAll
    static void open() throws Exception {
        v3 = TestCards.copy(TestCards.V3);
        v4 = TestCards.copy(TestCards.V4);
        provider = new Eid4jProvider().configure("--virtual=" + v3);
        v3Store = KeyStore.getInstance("EID", provider);
        v3Store.load(() -> new KeyStore.CallbackHandlerProtection(ScriptedHandler.knowingPins()));
        v4Store = KeyStore.getInstance("EID", new Eid4jProvider().configure("--virtual=" + v4));
        v4Store.load(() -> new KeyStore.CallbackHandlerProtection(ScriptedHandler.knowingPins()));
    }

    @AfterAll
    static void delete() {
        TestCards.delete(v3);
        TestCards.delete(v4);
    }

    @Test
    void theRsaKeyDecryptsAndUnwraps() throws Exception {
        PrivateKey key = (PrivateKey) v3Store.getKey("authentication", null);
        Cipher encrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        encrypt.init(Cipher.ENCRYPT_MODE, v3Store.getCertificate("authentication").getPublicKey());
        byte[] cryptogram = encrypt.doFinal("salainen viesti".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        Cipher decrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding", provider);
        decrypt.init(Cipher.DECRYPT_MODE, key);
        decrypt.update(cryptogram, 0, 100);
        assertThat(new String(decrypt.doFinal(cryptogram, 100, cryptogram.length - 100), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("salainen viesti");
        Cipher plain = Cipher.getInstance("RSA", provider);
        plain.init(Cipher.DECRYPT_MODE, key);
        assertThat(plain.doFinal(cryptogram)).hasSize(15);

        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(256);
        SecretKey secret = aes.generateKey();
        Cipher wrap = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        wrap.init(Cipher.WRAP_MODE, v3Store.getCertificate("authentication").getPublicKey());
        byte[] wrapped = wrap.wrap(secret);
        Cipher unwrap = Cipher.getInstance("RSA/ECB/PKCS1Padding", provider);
        unwrap.init(Cipher.UNWRAP_MODE, key);
        Key unwrapped = unwrap.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
        assertThat(unwrapped.getEncoded()).isEqualTo(secret.getEncoded());

        Cipher refuses = Cipher.getInstance("RSA/ECB/PKCS1Padding", provider);
        assertThatThrownBy(() -> refuses.init(Cipher.ENCRYPT_MODE, key)).isInstanceOf(InvalidKeyException.class)
                .hasMessage("Eid4j decrypts and unwraps with card keys; encrypt and wrap with the public key and any provider.");
        assertThatThrownBy(() -> refuses.init(Cipher.DECRYPT_MODE, (PrivateKey) v3Store.getKey("signature", null)))
                .isInstanceOf(InvalidKeyException.class).hasMessage("The signature key (EC) of this card cannot decrypt RSA.");
        assertThatThrownBy(() -> Cipher.getInstance("RSA/ECB/OAEPPadding", provider)).isInstanceOf(javax.crypto.NoSuchPaddingException.class);
    }

    @Test
    void theV4AuthenticationKeyAgreesOnTheSameSecretAsTheJdk() throws Exception {
        PrivateKey key = (PrivateKey) v4Store.getKey("authentication", null);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair peer = g.generateKeyPair();

        KeyAgreement card = KeyAgreement.getInstance("ECDH", provider);
        card.init(key);
        assertThat(card.doPhase(peer.getPublic(), true)).isNull();
        byte[] ours = card.generateSecret();

        KeyAgreement jdk = KeyAgreement.getInstance("ECDH");
        jdk.init(peer.getPrivate());
        jdk.doPhase(v4Store.getCertificate("authentication").getPublicKey(), true);
        assertThat(ours).hasSize(48).isEqualTo(jdk.generateSecret());

        KeyAgreement refuses = KeyAgreement.getInstance("ECDH", provider);
        assertThatThrownBy(() -> refuses.init((PrivateKey) v4Store.getKey("signature", null))).isInstanceOf(InvalidKeyException.class)
                .hasMessage("The signature key (EC) of this card cannot do ECDH.");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        card.init(key);
        assertThatThrownBy(() -> card.doPhase(g.generateKeyPair().getPublic(), true)).isInstanceOf(InvalidKeyException.class)
                .hasMessage("The peer's key is on another curve than the card's key.");
    }
}

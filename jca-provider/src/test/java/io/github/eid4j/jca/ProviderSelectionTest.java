package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JCA's delayed provider selection with Eid4j installed first: card keys go to Eid4j, every other
 * key (public keys to verify, software private keys) to the JDK. SupportedKeyClasses decides.
 */
class ProviderSelectionTest {
    private static String v3;
    private static String v4;
    private static KeyStore v3Store;
    private static KeyStore v4Store;
    private static Eid4jProvider provider;

    @BeforeAll
    static void installFirst() throws Exception {
        v3 = TestCards.copy(TestCards.V3);
        v4 = TestCards.copy(TestCards.V4);
        provider = new Eid4jProvider().configure("--virtual=" + v4);
        v4Store = KeyStore.getInstance("EID", provider);
        v4Store.load(() -> new KeyStore.CallbackHandlerProtection(ScriptedHandler.knowingPins()));
        v3Store = KeyStore.getInstance("EID", new Eid4jProvider().configure("--virtual=" + v3));
        v3Store.load(() -> new KeyStore.CallbackHandlerProtection(ScriptedHandler.knowingPins()));
        Security.removeProvider(Eid4jProvider.NAME);
        assertThat(Security.insertProviderAt(provider, 1)).isEqualTo(1);
    }

    @AfterAll
    static void uninstall() {
        Security.removeProvider(Eid4jProvider.NAME);
        TestCards.delete(v3);
        TestCards.delete(v4);
    }

    @Test
    void cardKeysSignWithEid4jAndPublicKeysVerifyWithTheJdk() throws Exception {
        PrivateKey card = (PrivateKey) v4Store.getKey("authentication", null);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(card);
        s.update(new byte[] {42});
        byte[] sig = s.sign();
        assertThat(s.getProvider().getName()).isEqualTo("Eid4j");

        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(v4Store.getCertificate("authentication").getPublicKey());
        v.update(new byte[] {42});
        assertThat(v.verify(sig)).isTrue();
        assertThat(v.getProvider().getName()).isEqualTo("SunEC");

        // A key of another Eid4j instance (another card) works through this one: the key knows its card.
        PrivateKey rsa = (PrivateKey) v3Store.getKey("authentication", null);
        PSSParameterSpec sha256 = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(sha256);
        pss.initSign(rsa);
        pss.update(new byte[] {42});
        byte[] pssSignature = pss.sign();
        assertThat(pss.getProvider().getName()).isEqualTo("Eid4j");

        // initVerify before setParameter: setParameter first would make JCA pick a provider before it knows the key.
        Signature pssVerifier = Signature.getInstance("RSASSA-PSS");
        pssVerifier.initVerify(v3Store.getCertificate("authentication").getPublicKey());
        pssVerifier.setParameter(sha256);
        pssVerifier.update(new byte[] {42});
        assertThat(pssVerifier.verify(pssSignature)).isTrue();
        assertThat(pssVerifier.getProvider().getName()).isEqualTo("SunRsaSign");
    }

    @Test
    void softwareKeysStayWithTheJdk() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair soft = g.generateKeyPair();
        Signature s = Signature.getInstance("SHA384withECDSA");
        s.initSign(soft.getPrivate());
        assertThat(s.getProvider().getName()).isEqualTo("SunEC");

        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(soft.getPrivate());
        assertThat(ka.getProvider().getName()).isEqualTo("SunEC");
        KeyAgreement card = KeyAgreement.getInstance("ECDH");
        card.init((PrivateKey) v4Store.getKey("authentication", null));
        assertThat(card.getProvider().getName()).isEqualTo("Eid4j");

        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.DECRYPT_MODE, r.generateKeyPair().getPrivate());
        assertThat(c.getProvider().getName()).isEqualTo("SunJCE");
        Cipher cardCipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cardCipher.init(Cipher.DECRYPT_MODE, (PrivateKey) v3Store.getKey("authentication", null));
        assertThat(cardCipher.getProvider().getName()).isEqualTo("Eid4j");
    }
}

package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyStoreBuilderParameters;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KeyManagerFactory "EID": its ways to get the key store, and when it offers the authentication key. */
class KeyManagerTest {
    private String card;
    private Eid4jProvider provider;

    @BeforeEach
    void open() {
        card = TestCards.copy(TestCards.V4);
        provider = new Eid4jProvider().configure("--virtual=" + card);
    }

    @AfterEach
    void delete() {
        TestCards.delete(card);
    }

    @Test
    void offersTheAuthenticationKeyForItsTypeAndIssuers() throws Exception {
        provider.setCallbackHandler(ScriptedHandler.knowingPins());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("EID", provider);
        kmf.init(null, null); // loads the provider's EID key store itself
        X509ExtendedKeyManager km = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        X509Certificate[] chain = km.getCertificateChain("authentication");
        assertThat(chain).hasSize(3);
        Principal root = chain[2].getSubjectX500Principal();
        Principal issuing = chain[0].getIssuerX500Principal();
        Principal stranger = new X500Principal("CN=Some Other CA");

        assertThat(km.chooseClientAlias(new String[] {"RSA", "EC"}, new Principal[] {root}, null)).isEqualTo("authentication");
        assertThat(km.chooseClientAlias(new String[] {"EC"}, new Principal[] {stranger, issuing}, null)).isEqualTo("authentication");
        assertThat(km.chooseClientAlias(new String[] {"EC"}, null, null)).isEqualTo("authentication");
        assertThat(km.chooseEngineClientAlias(new String[] {"EC"}, new Principal[0], null)).isEqualTo("authentication");
        assertThat(km.chooseClientAlias(new String[] {"RSA", "RSASSA-PSS"}, null, null)).as("wrong key type").isNull();
        assertThat(km.chooseClientAlias(new String[] {"EC"}, new Principal[] {stranger}, null)).as("issuer not accepted").isNull();
        assertThat(km.getClientAliases("EC", null)).containsExactly("authentication");
        assertThat(km.getClientAliases("EC_EC", null)).as("EC key, certificate signed with ECDSA").containsExactly("authentication");
        assertThat(km.getClientAliases("EC_RSA", null)).isNull();
        assertThat(km.getServerAliases("EC", null)).isNull();
        assertThat(km.chooseServerAlias("EC", null, null)).isNull();
        assertThat(km.getPrivateKey("authentication")).isInstanceOf(Eid4jEcPrivateKey.class);
        assertThat(km.getPrivateKey("signature")).isNull();
    }

    @Test
    void takesAKeyStoreBuilderWithItsProtection() throws Exception {
        ScriptedHandler user = ScriptedHandler.knowingPins();
        KeyStore.Builder builder = KeyStore.Builder.newInstance("EID", provider, new KeyStore.CallbackHandlerProtection(user));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("EID", provider);
        kmf.init(new KeyStoreBuilderParameters(builder));
        X509ExtendedKeyManager km = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        java.security.Signature s = java.security.Signature.getInstance("SHA384withECDSA", provider);
        s.initSign(km.getPrivateKey("authentication"));
        s.update(new byte[] {1});
        s.sign();
        assertThat(user.prompts).containsExactly("PIN1 (authentication), 5 tries left");
    }

    @Test
    void refusesOtherKeyStores() throws Exception {
        KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
        pkcs12.load(null, null);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("EID", provider);
        assertThatThrownBy(() -> kmf.init(pkcs12, null)).isInstanceOf(KeyStoreException.class)
                .hasMessage("The EID key manager works with an EID key store, not with a PKCS12 one.");
        assertThat(List.of(provider.getService("KeyManagerFactory", "EID").getAlgorithm())).containsExactly("EID");
    }
}

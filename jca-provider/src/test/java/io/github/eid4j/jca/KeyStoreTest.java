package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** KeyStore "EID" over a virtual card opened through "virtual=<name>": aliases, chains, key classes, read-only. */
class KeyStoreTest {
    private String card;

    @AfterEach
    void deleteCard() {
        if (card != null) {
            TestCards.delete(card);
        }
    }

    private KeyStore load(String profile) throws Exception {
        return load(profile, null);
    }

    private KeyStore load(String profile, ScriptedHandler handler) throws Exception {
        card = TestCards.copy(profile);
        Eid4jProvider provider = new Eid4jProvider().configure("--virtual=" + card);
        KeyStore ks = KeyStore.getInstance("EID", provider);
        if (handler == null) {
            ks.load(null, null);
        } else {
            ks.load(() -> new KeyStore.CallbackHandlerProtection(handler));
        }
        return ks;
    }

    @Test
    void v4HasBothKeysWithFullChainsAndTheCaCertificates() throws Exception {
        KeyStore ks = load(TestCards.V4);
        assertThat(Collections.list(ks.aliases())).containsExactly("authentication", "signature", "ca-1", "ca-2");
        assertThat(ks.size()).isEqualTo(4);
        assertThat(ks.isKeyEntry("authentication")).isTrue();
        assertThat(ks.isKeyEntry("ca-1")).isFalse();
        assertThat(ks.isCertificateEntry("ca-2")).isTrue();
        assertThat(ks.entryInstanceOf("signature", KeyStore.PrivateKeyEntry.class)).isTrue();
        assertThat(ks.entryInstanceOf("ca-1", KeyStore.TrustedCertificateEntry.class)).isTrue();
        assertThat(ks.containsAlias("Authentication")).as("aliases are case-insensitive").isTrue();

        for (String alias : new String[] {"authentication", "signature"}) {
            Certificate[] chain = ks.getCertificateChain(alias);
            assertThat(chain).hasSize(3);
            X509Certificate leaf = (X509Certificate) chain[0];
            X509Certificate issuing = (X509Certificate) chain[1];
            X509Certificate root = (X509Certificate) chain[2];
            assertThat(issuing.getSubjectX500Principal()).isEqualTo(leaf.getIssuerX500Principal());
            assertThat(root.getSubjectX500Principal()).isEqualTo(issuing.getIssuerX500Principal()).isEqualTo(root.getIssuerX500Principal());
            leaf.verify(issuing.getPublicKey());
            issuing.verify(root.getPublicKey());
            assertThat(ks.getCertificate(alias)).isEqualTo(leaf);
            assertThat(ks.getCertificateAlias(leaf)).isEqualTo(alias);
            assertThat(ks.getCreationDate(alias)).isEqualTo(leaf.getNotBefore());
            assertThat(chain[1]).isEqualTo(ks.getCertificate("ca-1"));
            assertThat(chain[2]).isEqualTo(ks.getCertificate("ca-2"));
        }
        assertThat(ks.getCertificateChain("ca-1")).isNull();
        assertThat(ks.getKey("ca-1", null)).isNull();
        assertThat(ks.getKey("nobody", null)).isNull();

        PrivateKey auth = (PrivateKey) ks.getKey("authentication", null);
        assertThat(auth).isInstanceOf(Eid4jEcPrivateKey.class).isInstanceOf(ECKey.class).isNotInstanceOf(ECPrivateKey.class);
        assertThat(auth.getAlgorithm()).isEqualTo("EC");
        assertThat(auth.getEncoded()).isNull();
        assertThat(auth.getFormat()).isNull();
        ECPublicKey pub = (ECPublicKey) ks.getCertificate("authentication").getPublicKey();
        assertThat(((ECKey) auth).getParams().getOrder()).isEqualTo(pub.getParams().getOrder());
        assertThat(auth.toString()).matches("Eid4j authentication key \\(EC 384 bits, PIN1\\) of FINEID v4\\.0 card [0-9]+");
        assertThat(((Eid4jPrivateKey) auth).alias()).isEqualTo(Eid4jProvider.AUTHENTICATION_ALIAS);
        assertThat(((Eid4jPrivateKey) auth).certificate()).isEqualTo(ks.getCertificate("authentication"));

        KeyStore.Entry entry = ks.getEntry("signature", null);
        assertThat(entry).isInstanceOf(KeyStore.PrivateKeyEntry.class);
        assertThat(((KeyStore.PrivateKeyEntry) entry).getCertificateChain()).hasSize(3);
        assertThat(ks.getEntry("ca-2", null)).isInstanceOf(KeyStore.TrustedCertificateEntry.class);
    }

    @Test
    void v3AuthenticationKeyIsAnRsaKeyWithItsModulus() throws Exception {
        KeyStore ks = load(TestCards.V3);
        PrivateKey auth = (PrivateKey) ks.getKey("authentication", null);
        assertThat(auth).isInstanceOf(Eid4jRsaPrivateKey.class).isInstanceOf(RSAKey.class).isNotInstanceOf(RSAPrivateKey.class);
        assertThat(((RSAKey) auth).getModulus()).isEqualTo(((RSAPublicKey) ks.getCertificate("authentication").getPublicKey()).getModulus());
        assertThat(((RSAKey) auth).getModulus().bitLength()).isEqualTo(2048);
        assertThat(ks.getKey("signature", null)).isInstanceOf(Eid4jEcPrivateKey.class);
    }

    @Test
    void luxembourgHasBothRsaKeysUnderItsAliasesWithTheLuxTrustShapedChain() throws Exception {
        ScriptedHandler handler = ScriptedHandler.knowingPins();
        KeyStore ks = load(TestCards.LUXEMBOURG, handler);
        assertThat(handler.prompts).as("no PIN yet").isEmpty();
        assertThat(handler.canPrompts).as("the card opens with PACE: the handler is asked for the CAN")
                .containsExactly("CAN, the 6-digit number printed on the front of your card");
        assertThat(Collections.list(ks.aliases())).containsExactly("authentication", "signature", "ca-1", "ca-2");
        for (String alias : new String[] {"authentication", "signature"}) {
            Certificate[] chain = ks.getCertificateChain(alias);
            assertThat(chain).hasSize(3);
            ((X509Certificate) chain[0]).verify(chain[1].getPublicKey());
            assertThat(((X509Certificate) chain[2]).getSubjectX500Principal().getName()).contains("CN=eid4j TEST Global Root 2");
            PrivateKey key = (PrivateKey) ks.getKey(alias, null);
            assertThat(key).isInstanceOf(Eid4jRsaPrivateKey.class);
            assertThat(((RSAKey) key).getModulus()).isEqualTo(((RSAPublicKey) chain[0].getPublicKey()).getModulus());
        }
        assertThat(ks.getKey("signature", null).toString()).matches("Eid4j signature key \\(RSA 2048 bits, PIN\\) of Luxembourg eID IAS Classic card [0-9A-F]+");
    }

    @Test
    void aWrongCanFromTheHandlerIsOneSentenceAndAskedOnce() throws Exception {
        card = TestCards.copy(TestCards.LUXEMBOURG);
        KeyStore ks = KeyStore.getInstance("EID", new Eid4jProvider().configure("--virtual=" + card));
        java.util.List<String> asked = new java.util.ArrayList<>();
        javax.security.auth.callback.CallbackHandler wrong = callbacks -> {
            javax.security.auth.callback.PasswordCallback pc = (javax.security.auth.callback.PasswordCallback) callbacks[0];
            asked.add(pc.getPrompt());
            pc.setPassword("000000".toCharArray());
        };
        assertThatThrownBy(() -> ks.load(() -> new KeyStore.CallbackHandlerProtection(wrong)))
                .hasStackTraceContaining("Wrong CAN: check the 6-digit number printed on the front of your card.");
        assertThat(asked).containsExactly("CAN, the 6-digit number printed on the front of your card");
    }

    @Test
    void theStoreIsReadOnlyAndLivesOnTheCard() throws Exception {
        KeyStore ks = load(TestCards.V4);
        Certificate ca = ks.getCertificate("ca-1");
        String readOnly = "The EID key store is read-only: its keys and certificates live on the card.";
        assertThatThrownBy(() -> ks.setCertificateEntry("mine", ca)).isInstanceOf(KeyStoreException.class).hasMessage(readOnly);
        assertThatThrownBy(() -> ks.deleteEntry("ca-1")).isInstanceOf(KeyStoreException.class).hasMessage(readOnly);
        assertThatThrownBy(() -> ks.setKeyEntry("k", new byte[1], new Certificate[] {ca})).isInstanceOf(KeyStoreException.class).hasMessage(readOnly);
        assertThatThrownBy(() -> ks.setEntry("c", new KeyStore.TrustedCertificateEntry(ca), null)).isInstanceOf(KeyStoreException.class)
                .hasMessage(readOnly);
        assertThatThrownBy(() -> ks.store(new ByteArrayOutputStream(), null)).isInstanceOf(UnsupportedOperationException.class).hasMessage(readOnly);

        KeyStore again = KeyStore.getInstance("EID", ks.getProvider());
        assertThatThrownBy(() -> again.load(new ByteArrayInputStream(new byte[10]), null)).isInstanceOf(java.io.IOException.class)
                .hasMessage("The EID key store lives on the card: load it with a null stream (keytool and jarsigner: -keystore NONE).");
        assertThatThrownBy(() -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(ks.getKey("authentication", null)))
                .isInstanceOf(NotSerializableException.class);
    }
}

package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keys outlive pulling and reinserting their card, and refuse another card: the card is inserted
 * into a test slot from its folder, pulled out (the folder is closed, the card powered off) and
 * put back, or replaced by a different card.
 */
class CardRemovalTest {
    private final CardSlot slot = new CardSlot();
    private String card;
    private String other;

    @AfterEach
    void cleanUp() {
        slot.remove();
        if (card != null) {
            TestCards.delete(card);
        }
        if (other != null) {
            TestCards.delete(other);
        }
    }

    private static byte[] sign(PrivateKey key) throws Exception {
        Signature s = Signature.getInstance("SHA384withECDSA", new Eid4jProvider());
        s.initSign(key);
        s.update(new byte[] {7});
        return s.sign();
    }

    private static boolean verifies(X509Certificate certificate, byte[] signature) throws Exception {
        Signature v = Signature.getInstance("SHA384withECDSA");
        v.initVerify(certificate.getPublicKey()); // the signature certificate is for non-repudiation only
        v.update(new byte[] {7});
        return v.verify(signature);
    }

    @Test
    void theSameCardReinsertedSignsAgainAndAnotherCardIsRefused() throws Exception {
        card = TestCards.copy(TestCards.V4);
        slot.insert(card);
        ScriptedHandler user = ScriptedHandler.knowingPins();
        Eid4jProvider provider = new Eid4jProvider(slot);
        KeyStore ks = KeyStore.getInstance("EID", provider);
        ks.load(() -> new KeyStore.CallbackHandlerProtection(user));
        PrivateKey auth = (PrivateKey) ks.getKey("authentication", null);
        X509Certificate certificate = (X509Certificate) ks.getCertificate("authentication");
        sign(auth);

        slot.remove();
        assertThat(ks.getCertificate("authentication")).as("the entries stay readable").isEqualTo(certificate);
        assertThatThrownBy(() -> sign(auth)).isInstanceOf(CardRemovedException.class).isInstanceOf(NoCardException.class)
                .hasMessageMatching("The card this key belongs to \\(FINEID card [0-9]+\\) is not in the reader; insert it and try again\\.");

        slot.insert(card);
        assertThat(verifies(certificate, sign(auth))).isTrue();
        assertThat(user.prompts).as("the reinserted card forgot PIN1").containsExactly("PIN1 (authentication), 5 tries left",
                "PIN1 (authentication), 5 tries left");

        other = TestCards.copyOfOther(TestCards.V4);
        slot.insert(other);
        assertThatThrownBy(() -> sign(auth)).isInstanceOf(WrongCardException.class)
                .hasMessage("The card in the reader is not the card this key belongs to.");
        assertThat(user.count("PIN1")).as("nothing was asked for the wrong card").isEqualTo(2);

        // Loading again takes the card now in the reader; the old key still wants its own.
        ks.load(() -> new KeyStore.CallbackHandlerProtection(user));
        PrivateKey newAuth = (PrivateKey) ks.getKey("authentication", null);
        assertThat(verifies((X509Certificate) ks.getCertificate("authentication"), sign(newAuth))).isTrue();
        assertThatThrownBy(() -> sign(auth)).isInstanceOf(WrongCardException.class);
    }

    @Test
    void aCardPulledDuringASessionIsReopenedForTheSignatureKeyToo() throws Exception {
        card = TestCards.copy(TestCards.V4);
        slot.insert(card);
        ScriptedHandler user = ScriptedHandler.knowingPins();
        KeyStore ks = KeyStore.getInstance("EID", new Eid4jProvider(slot));
        ks.load(() -> new KeyStore.CallbackHandlerProtection(user));
        PrivateKey signature = (PrivateKey) ks.getKey("signature", null);
        for (int i = 0; i < 3; i++) {
            slot.remove();
            slot.insert(card);
            assertThat(verifies((X509Certificate) ks.getCertificate("signature"), sign(signature))).isTrue();
        }
        assertThat(user.prompts).containsOnly("PIN2 (signature), 5 tries left").hasSize(3);
    }

    @Test
    void loadingWithoutACardSaysSo() throws Exception {
        KeyStore ks = KeyStore.getInstance("EID", new Eid4jProvider(slot));
        assertThatThrownBy(() -> ks.load(null, null)).isInstanceOf(java.io.IOException.class)
                .hasMessage("There is no card in the test slot.").cause().isInstanceOf(NoCardException.class);
    }
}

package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import javax.security.auth.login.FailedLoginException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How PINs are asked through a CallbackHandler, what wrong and cancelled PINs give, and PINs as key store passwords. */
class PinHandlingTest {
    private static final byte[] DATA = {1, 2, 3};
    private String card;
    private Eid4jProvider provider;

    @AfterEach
    void deleteCard() {
        if (card != null) {
            TestCards.delete(card);
        }
    }

    private KeyStore store(String profile, KeyStore.LoadStoreParameter parameter) throws Exception {
        card = TestCards.copy(profile);
        provider = new Eid4jProvider().configure("--virtual=" + card);
        KeyStore ks = KeyStore.getInstance("EID", provider);
        ks.load(parameter);
        return ks;
    }

    private static KeyStore.LoadStoreParameter asking(ScriptedHandler handler) {
        return () -> new KeyStore.CallbackHandlerProtection(handler);
    }

    private byte[] sign(PrivateKey key) throws Exception {
        Signature s = Signature.getInstance(key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA", provider);
        s.initSign(key);
        s.update(DATA);
        return s.sign();
    }

    @Test
    void pin1IsAskedOncePerCardSessionAndPin2ForEverySignature() throws Exception {
        ScriptedHandler user = ScriptedHandler.knowingPins();
        KeyStore ks = store(TestCards.V4, asking(user));
        assertThat(user.prompts).as("listing and loading ask nothing").isEmpty();
        PrivateKey auth = (PrivateKey) ks.getKey("authentication", null);
        sign(auth);
        sign(auth);
        PrivateKey signature = (PrivateKey) ks.getKey("signature", null);
        sign(signature);
        sign(signature);
        assertThat(user.prompts).containsExactly("PIN1 (authentication), 5 tries left", "PIN2 (signature), 5 tries left",
                "PIN2 (signature), 5 tries left");

        provider.logout();
        sign(auth);
        assertThat(user.count("PIN1")).as("logout ends the card session's PIN1").isEqualTo(2);
    }

    @Test
    void aWrongPinSaysHowManyTriesAreLeftAndThePromptToo() throws Exception {
        ScriptedHandler user = ScriptedHandler.answering("9999", TestCards.PIN1);
        KeyStore ks = store(TestCards.V3, asking(user));
        PrivateKey auth = (PrivateKey) ks.getKey("authentication", null);
        assertThatThrownBy(() -> sign(auth)).isInstanceOfSatisfying(PinIncorrectException.class, e -> {
            assertThat(e.triesLeft()).isEqualTo(4);
            assertThat(e.pin()).isEqualTo("PIN1");
        }).hasMessage("Wrong PIN1: 4 tries left before it is blocked.");
        sign(auth);
        assertThat(user.prompts).containsExactly("PIN1 (authentication), 5 tries left", "PIN1 (authentication), 4 tries left");
    }

    @Test
    void aBlockedPinIsNotEvenAsked() throws Exception {
        ScriptedHandler user = ScriptedHandler.answering("000000", "000000", "000000", "000000", "000000", TestCards.PIN2);
        KeyStore ks = store(TestCards.V4, asking(user));
        PrivateKey signature = (PrivateKey) ks.getKey("signature", null);
        for (int left = 4; left >= 1; left--) {
            assertThatThrownBy(() -> sign(signature)).isInstanceOf(PinIncorrectException.class);
        }
        assertThatThrownBy(() -> sign(signature)).isInstanceOfSatisfying(PinBlockedException.class, e -> assertThat(e.pin()).isEqualTo("PIN2"))
                .hasMessage("PIN2 is blocked; unblock it with 'eid unblock pin2' and the PUK (activation code) from your letter.");
        assertThatThrownBy(() -> sign(signature)).isInstanceOf(PinBlockedException.class);
        assertThat(user.prompts).hasSize(5).last().isEqualTo("PIN2 (signature), 1 try left");
    }

    @Test
    void cancellingOrAHandlerThatCannotAskStopsWithoutSpendingATry() throws Exception {
        ScriptedHandler cancels = ScriptedHandler.answering();
        KeyStore ks = store(TestCards.V4, asking(cancels));
        PrivateKey auth = (PrivateKey) ks.getKey("authentication", null);
        assertThatThrownBy(() -> sign(auth)).isInstanceOf(PinEntryCancelledException.class).hasMessage("PIN entry was cancelled.");
        assertThat(cancels.prompts).containsExactly("PIN1 (authentication), 5 tries left");

        KeyStore.PrivateKeyEntry entry = (KeyStore.PrivateKeyEntry) ks.getEntry("authentication",
                new KeyStore.CallbackHandlerProtection(ScriptedHandler.withoutPasswords()));
        assertThatThrownBy(() -> sign(entry.getPrivateKey())).isInstanceOf(PinEntryCancelledException.class)
                .hasMessage("The CallbackHandler cannot ask for a PIN (it does not support PasswordCallback).");

        KeyStore bare = KeyStore.getInstance("EID", provider);
        bare.load(null, null);
        assertThatThrownBy(() -> sign((PrivateKey) bare.getKey("authentication", null))).isInstanceOf(PinEntryCancelledException.class)
                .hasMessage("No CallbackHandler can ask for PIN1 (authentication): set one on the Eid4j provider or load the EID key store with one.");

        provider.setCallbackHandler(ScriptedHandler.knowingPins());
        sign((PrivateKey) bare.getKey("authentication", null));
        ScriptedHandler asked = ScriptedHandler.answering();
        KeyStore.PrivateKeyEntry again = (KeyStore.PrivateKeyEntry) ks.getEntry("authentication", new KeyStore.CallbackHandlerProtection(asked));
        sign(again.getPrivateKey());
        assertThat(asked.prompts).as("no try was spent: the PIN was right the first time it was given").isEmpty();
    }

    @Test
    void theStorePasswordIsPin1VerifiedWhileLoading() throws Exception {
        card = TestCards.copy(TestCards.V4);
        provider = new Eid4jProvider().configure("--virtual=" + card);
        ScriptedHandler nobody = ScriptedHandler.answering();
        provider.setCallbackHandler(nobody);
        KeyStore ks = KeyStore.getInstance("EID", provider);
        assertThatThrownBy(() -> ks.load(null, "4321".toCharArray())).isInstanceOf(IOException.class)
                .hasMessage("Wrong PIN1: 4 tries left before it is blocked.")
                .cause().isInstanceOf(UnrecoverableKeyException.class).cause().isInstanceOf(PinIncorrectException.class);
        char[] pin = TestCards.PIN1.toCharArray();
        ks.load(null, pin);
        assertThat(pin).as("the caller's array is the caller's").containsExactly('1', '2', '3', '4');
        sign((PrivateKey) ks.getKey("authentication", null));
        assertThat(nobody.prompts).isEmpty();

        KeyStore viaProtection = KeyStore.getInstance("EID", provider);
        viaProtection.load(() -> new KeyStore.PasswordProtection(TestCards.PIN1.toCharArray()));
        sign((PrivateKey) viaProtection.getKey("authentication", null));
        assertThat(nobody.prompts).isEmpty();
    }

    @Test
    void theSignatureKeysPasswordIsPin2ForTheNextSignatureOnly() throws Exception {
        ScriptedHandler user = ScriptedHandler.knowingPins();
        card = TestCards.copy(TestCards.V4);
        provider = new Eid4jProvider().configure("--virtual=" + card);
        provider.setCallbackHandler(user);
        KeyStore ks = KeyStore.getInstance("EID", provider);
        char[] storePassword = TestCards.PIN1.toCharArray();
        ks.load(null, storePassword);

        PrivateKey signature = (PrivateKey) ks.getKey("signature", TestCards.PIN2.toCharArray());
        sign(signature);
        assertThat(user.prompts).as("the key password answered the signature").isEmpty();
        sign(signature);
        assertThat(user.prompts).containsExactly("PIN2 (signature), 5 tries left");

        assertThatThrownBy(() -> ks.getKey("signature", "654321".toCharArray())).isInstanceOf(UnrecoverableKeyException.class)
                .hasMessage("Wrong PIN2: 4 tries left before it is blocked.");
        // jarsigner without -keypass passes the store password again: recognised, and no PIN2 try spent on it.
        assertThatThrownBy(() -> ks.getKey("signature", storePassword)).isInstanceOf(UnrecoverableKeyException.class)
                .hasMessage("The password of the 'signature' key is PIN2 (signature), not the store password; give it as the key password (jarsigner: -keypass).");
        assertThat(ks.getKey("authentication", storePassword)).isNotNull();

        Eid4jPrivateKey unused = (Eid4jPrivateKey) ks.getKey("signature", TestCards.PIN2.toCharArray());
        unused.destroy();
        assertThat(unused.isDestroyed()).isTrue();
        assertThatThrownBy(() -> sign(unused)).isInstanceOf(java.security.InvalidKeyException.class)
                .hasMessage("This signature key (EC) was destroyed; get it from the key store again.");
    }

    @Test
    void loginVerifiesPin1AndLogoutEndsIt() throws Exception {
        ScriptedHandler user = ScriptedHandler.answering("1111", TestCards.PIN1);
        KeyStore ks = store(TestCards.V4, asking(ScriptedHandler.answering()));
        assertThatThrownBy(() -> provider.login(null, user)).isInstanceOf(FailedLoginException.class)
                .hasMessage("Wrong PIN1: 4 tries left before it is blocked.").cause().isInstanceOf(PinIncorrectException.class);
        provider.login(null, user);
        sign((PrivateKey) ks.getKey("authentication", null)); // its own handler would cancel: no dialog needed
        provider.logout();
        assertThatThrownBy(() -> sign((PrivateKey) ks.getKey("authentication", null))).isInstanceOf(PinEntryCancelledException.class);
    }
}

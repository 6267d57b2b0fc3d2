package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.eid4j.jca.Eid4jException;
import io.github.eid4j.jca.Eid4jProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import javax.security.auth.callback.PasswordCallback;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JCA provider, in this JVM as an application uses it, against a hostile card through pcscd:
 * KeyStore.load and a signature with the authentication key either work (a slow card) or fail
 * within the bound with the documented types, an {@link Eid4jException} (a ProviderException),
 * or the KeyStoreException/IOException that KeyStore.load declares, each with one sentence; never
 * another exception, a hang or an OutOfMemoryError.
 */
class HostileCardProviderIT extends HostileCardSuite {

    /** KeyStore.load with PIN1, then SHA384withECDSA with the authentication key. */
    private static byte[] loadAndSign(Provider provider) throws Exception {
        KeyStore store = KeyStore.getInstance(Eid4jProvider.KEY_STORE_TYPE, provider);
        store.load(() -> new KeyStore.CallbackHandlerProtection(callbacks -> {
            for (var c : callbacks) {
                ((PasswordCallback) c).setPassword(HostileReader.PIN1.toCharArray());
            }
        }));
        PrivateKey key = (PrivateKey) store.getKey(Eid4jProvider.AUTHENTICATION_ALIAS, null);
        Signature signature = Signature.getInstance("SHA384withECDSA", provider);
        signature.initSign(key);
        signature.update("A hostile card signs nothing.".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return signature.sign();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.eid4j.conformance.HostileReader#whileSigning")
    void keyStoreAndSignature(HostileReader.Case c) {
        Eid4jProvider provider = new Eid4jProvider()
                .configure("--reader=" + HostileReader.READER + ";card.timeout=" + HostileReader.LIMIT.toSeconds());
        reader.behave(c);
        Throwable thrown = assertTimeoutPreemptively(HostileReader.BOUND, () -> catchThrowable(() -> loadAndSign(provider)),
                "KeyStore.load and Signature.sign (" + c + ") within the bound");
        reader.calm();
        assertThatCode(provider::logout).as("the calm card logs out").doesNotThrowAnyException();
        if (c.works()) {
            assertThat(thrown).as("%s", c).isNull();
            return;
        }
        assertThat(thrown).as("%s", c).isNotNull();
        assertThat(thrown).as("%s: a documented type", c).isInstanceOfAny(Eid4jException.class, KeyStoreException.class, IOException.class);
        String message = thrown.getMessage();
        assertThat(message).as("%s: the message of %s", c, thrown).isNotBlank().doesNotContain("\n").doesNotContain("Exception")
                .endsWith(".");
    }
}

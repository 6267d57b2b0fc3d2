package io.github.eid4j.conformance;

import io.github.eid4j.jca.Eid4jProvider;
import io.github.eid4j.jca.ScriptedHandler;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * A program as most are: it signs with a bridged token's key through the Eid4j provider and
 * ends, closing nothing (a provider has no close). Run by {@link Pkcs11BridgeFinalizeIT}.
 *
 * <p>Argument: the module.
 */
public final class UnclosedProvider {
    private UnclosedProvider() {
    }

    public static void main(String[] args) throws Exception {
        Eid4jProvider provider = new Eid4jProvider().configure("--pkcs11=" + args[0]);
        provider.setCallbackHandler(ScriptedHandler.knowingPins());
        KeyStore store = KeyStore.getInstance("EID", provider);
        store.load(null, null);
        Signature signer = Signature.getInstance("SHA256withRSA", provider);
        signer.initSign((PrivateKey) store.getKey("authentication", null));
        signer.update("a document".getBytes(StandardCharsets.UTF_8));
        System.out.println("signed: " + signer.sign().length + " bytes");
    }
}

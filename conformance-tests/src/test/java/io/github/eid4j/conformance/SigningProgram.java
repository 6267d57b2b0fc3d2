package io.github.eid4j.conformance;

import io.github.eid4j.jca.Eid4jProvider;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * A Java application using the Eid4j provider, run as a process of its own by the tests: it loads
 * the card's key store with PIN1 (the store password, verified at once), signs with the
 * authentication key, prints "signed", and then ends as its first argument says: "exit" returns
 * from main, "logout" calls the provider's logout and waits, "pin2" starts a signature with the
 * signature key and waits in its PIN2 dialog (inside the card transaction), to be killed there.
 *
 * <p>Arguments: how to end, the reader; PIN1 on standard input.
 */
public final class SigningProgram {
    private SigningProgram() {
    }

    public static void main(String[] args) throws Exception {
        String pin = new String(System.in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        Eid4jProvider provider = new Eid4jProvider().configure("--reader=" + args[1]);
        KeyStore store = KeyStore.getInstance("EID", provider);
        store.load(null, pin.toCharArray());
        Signature signature = Signature.getInstance("SHA256withECDSA", provider);
        signature.initSign((PrivateKey) store.getKey("authentication", null));
        signature.update("Kirjautuminen".getBytes(StandardCharsets.UTF_8));
        signature.sign();
        System.out.println("signed");
        switch (args[0]) {
            case "exit":
                return;
            case "logout":
                provider.logout();
                System.out.println("logged out");
                Thread.sleep(60_000);
                break;
            default:
                provider.setCallbackHandler(callbacks -> {
                    System.out.println("asked for PIN2");
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                Signature qualified = Signature.getInstance("SHA256withECDSA", provider);
                qualified.initSign((PrivateKey) store.getKey("signature", null));
                qualified.update("Sopimus".getBytes(StandardCharsets.UTF_8));
                qualified.sign();
        }
    }
}

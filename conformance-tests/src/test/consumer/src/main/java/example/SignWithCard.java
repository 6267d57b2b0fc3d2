package example;

import io.github.eid4j.jca.Eid4jProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;

/**
 * Signs a document with the signature key of the virtual card "demo" and verifies the signature
 * with the JDK's own provider; prints true when it verifies. The lines between the markers are
 * the README's, word for word. It reads PIN2 from standard input.
 */
public final class SignWithCard {
    public static void main(String[] args) throws Exception {
        byte[] document = "A document to sign".getBytes(StandardCharsets.UTF_8);
        char[] pin2 = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine().toCharArray();
        // README begin
        Provider eid4j = new Eid4jProvider().configure("--virtual=demo");  // or "--reader=0"; new Eid4jProvider(): the first card
        KeyStore card = KeyStore.getInstance("EID", eid4j);
        card.load(null, null);                                             // the card's keys and certificates
        PrivateKey key = (PrivateKey) card.getKey("signature", pin2);      // PIN2, for the next signature
        Signature signer = Signature.getInstance("SHA256withECDSA", eid4j);
        signer.initSign(key);
        signer.update(document);
        byte[] signature = signer.sign();                                  // the card signs
        Signature verifier = Signature.getInstance("SHA256withECDSA");     // anyone verifies, without the card
        verifier.initVerify(card.getCertificate("signature").getPublicKey());
        verifier.update(document);
        System.out.println(verifier.verify(signature));
        // README end
    }
}

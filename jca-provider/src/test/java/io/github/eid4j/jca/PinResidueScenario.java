package io.github.eid4j.jca;

import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.testing.MarkedPin;
import io.github.eid4j.testing.PinResidue;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.callback.PasswordCallback;

/**
 * What {@link PinResidueTest} runs in a JVM that keeps all its garbage: the two PINs of a
 * virtual FINEID v4 card are changed to marked values through the driver, then the provider
 * signs three times with each key (PIN1 given as the store password, PIN2 asked through the
 * CallbackHandler before each signature), each signature is checked, and the heap is dumped.
 *
 * <p>Arguments: the dump file, the card's name in EID4J_HOME.
 */
public final class PinResidueScenario {
    private static final MarkedPin PIN1 = MarkedPin.PIN1;
    private static final MarkedPin PIN2 = MarkedPin.PIN2;
    static final int SIGNATURES = 3;
    private static final byte[] DATA = {1, 2, 3};

    private PinResidueScenario() {
    }

    public static void main(String[] args) throws Exception {
        try {
            String card = args[1];
            try (EidCard eid = EidCards.openVirtual(card)) {
                change(eid, "PIN1", TestCards.PIN1, PIN1);
                change(eid, "PIN2", TestCards.PIN2, PIN2);
            }
            Eid4jProvider provider = new Eid4jProvider().configure("--virtual=" + card);
            AtomicInteger asked = new AtomicInteger();
            provider.setCallbackHandler(callbacks -> {
                char[] pin = PIN2.chars();
                ((PasswordCallback) callbacks[0]).setPassword(pin); // PasswordCallback keeps a copy; the provider clears it
                Arrays.fill(pin, '\0');
                asked.incrementAndGet();
            });
            KeyStore store = KeyStore.getInstance("EID", provider);
            char[] pin1 = PIN1.chars();
            store.load(null, pin1);
            Arrays.fill(pin1, '\0');
            for (String alias : new String[] {"authentication", "signature"}) {
                PrivateKey key = (PrivateKey) store.getKey(alias, null);
                Certificate certificate = store.getCertificate(alias);
                for (int i = 0; i < SIGNATURES; i++) {
                    Signature signer = Signature.getInstance("SHA256withECDSA", provider);
                    signer.initSign(key);
                    signer.update(DATA);
                    Signature verifier = Signature.getInstance("SHA256withECDSA");
                    verifier.initVerify(certificate.getPublicKey()); // the key, not the certificate: its key usage is not digitalSignature for both
                    verifier.update(DATA);
                    if (!verifier.verify(signer.sign())) {
                        throw new AssertionError("The " + alias + " key made a signature that does not verify.");
                    }
                }
            }
            if (asked.get() != SIGNATURES) {
                throw new AssertionError("PIN2 was asked " + asked.get() + " times, not once per signature.");
            }
        } finally {
            PinResidue.dumpHeap(Path.of(args[0]));
        }
    }

    /** Changes a PIN through the driver: the test value as the current one, the marked one as the new one. */
    private static void change(EidCard eid, String label, String current, MarkedPin fresh) throws Exception {
        PinInfo pin = eid.pins().stream().filter(p -> p.label().equals(label)).findFirst().orElseThrow();
        eid.changePin(pin, request -> request.step() == PinRequest.Step.CURRENT ? current.toCharArray() : fresh.chars());
    }
}

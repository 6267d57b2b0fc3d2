package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.card.PinCallback;
import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.InProcessConnection;
import io.github.eid4j.testing.CorruptSignatureCard;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.github.eid4j.card.EidException;

/**
 * A card that returns a wrong signature (one bit flipped, everything else real) is caught by
 * Signature.sign itself, for every kind of signature the card makes: the application, JSSE or
 * jarsigner gets a WrongSignatureException with one sentence, never the bytes.
 */
class WrongSignatureTest {
    private static final byte[] DOCUMENT = "Allekirjoitettava asiakirja".getBytes(StandardCharsets.UTF_8);

    private VirtualCards.OpenCard open;

    @AfterEach
    void closeCard() {
        if (open != null) {
            open.close();
            TestCards.delete(open.name());
        }
    }

    /** A provider whose card is the profile's virtual card behind {@link CorruptSignatureCard}. */
    private Eid4jProvider providerOnACardThatSignsWrong(String profile, CorruptSignatureCard[] card) throws Exception {
        open = VirtualCards.inDefaultHome().open(TestCards.copy(profile));
        card[0] = new CorruptSignatureCard(open.card());
        boolean t0 = open.card().image().settings().t0();
        return new Eid4jProvider(new CardLocator() {
            @Override
            public EidCard open(PinCallback pins) throws EidException {
                return EidCards.open(new InProcessConnection(card[0], t0, "a card that signs wrong", () -> { }), pins);
            }

            @Override
            public String describe() {
                return "a card that signs wrong";
            }
        });
    }

    @ParameterizedTest(name = "{2} with the {1} key of {0}")
    @CsvSource({
        "fineid-v4, authentication, SHA384withECDSA",
        "fineid-v4, signature, SHA256withECDSAinP1363Format",
        "fineid-v4, authentication, NONEwithECDSA",
        "fineid-v3, authentication, SHA256withRSA",
        "fineid-v3, authentication, NONEwithRSA",
        "fineid-v3, authentication, RSASSA-PSS",
        "fineid-v3, signature, SHA256withECDSA",
    })
    void signRefusesTheCardsWrongSignature(String profile, String alias, String algorithm) throws Exception {
        CorruptSignatureCard[] card = new CorruptSignatureCard[1];
        Eid4jProvider provider = providerOnACardThatSignsWrong(profile, card);
        KeyStore ks = KeyStore.getInstance("EID", provider);
        ks.load(() -> new KeyStore.CallbackHandlerProtection(ScriptedHandler.knowingPins()));
        PrivateKey key = (PrivateKey) ks.getKey(alias, null);

        Signature s = Signature.getInstance(algorithm, provider);
        AlgorithmParameterSpec params = null;
        byte[] data = DOCUMENT;
        if (algorithm.equals("RSASSA-PSS")) {
            params = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
            s.setParameter(params);
        } else if (algorithm.equals("NONEwithRSA")) {
            data = HashAlgorithm.SHA256.digestInfo(MessageDigest.getInstance("SHA-256").digest(DOCUMENT));
        } else if (algorithm.startsWith("NONE")) {
            data = MessageDigest.getInstance("SHA-384").digest(DOCUMENT);
        }
        s.initSign(key);
        s.update(data);
        assertThatThrownBy(s::sign).isInstanceOf(WrongSignatureException.class).isInstanceOf(Eid4jException.class)
                .hasMessage("The card returned a signature that does not verify with the certificate of its " + alias + " key.");
        assertThat(card[0].corrupted()).as("the card signed once, and that signature was the wrong one").isEqualTo(1);
    }
}

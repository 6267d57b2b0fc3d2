package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.card.PinCallback;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.InProcessConnection;
import io.github.eid4j.testing.SilentCard;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A card that stops answering in the middle of a signature: the application gets a
 * {@link CardNotAnsweringException} with one sentence within the time limit, and the provider
 * gives the card up, so the next operation looks for it afresh.
 */
@Timeout(60)
class CardNotAnsweringTest {
    private String card;

    @AfterEach
    void cleanUp() {
        if (card != null) {
            TestCards.delete(card);
        }
    }

    @Test
    void aSignatureOnACardThatStopsAnsweringFailsWithinTheLimitAndTheCardIsGivenUp() throws Exception {
        card = TestCards.copy(TestCards.V4);
        try (VirtualCards.OpenCard open = VirtualCards.inDefaultHome().open(card);
                SilentCard silent = new SilentCard(open.card()).silenceAt(0x2A)) {
            AtomicInteger opened = new AtomicInteger();
            CardLocator locator = new CardLocator() {
                @Override
                public EidCard open(PinCallback pins) throws EidException {
                    if (opened.incrementAndGet() > 1) {
                        throw new CardAccessException(CardAccessException.Reason.NO_CARD, "There is no card in the test slot.");
                    }
                    return EidCards.open(new InProcessConnection(silent, open.card().image().settings().t0(), "virtual card '" + card + "'", () -> { },
                            Duration.ofMillis(500)));
                }

                @Override
                public String describe() {
                    return "test slot";
                }
            };
            KeyStore ks = KeyStore.getInstance("EID", new Eid4jProvider(locator));
            ks.load(() -> new KeyStore.CallbackHandlerProtection(ScriptedHandler.knowingPins()));
            PrivateKey auth = (PrivateKey) ks.getKey("authentication", null);
            Signature s = Signature.getInstance("SHA384withECDSA", new Eid4jProvider());
            s.initSign(auth);
            s.update(new byte[] {7});

            long start = System.nanoTime();
            assertThatThrownBy(s::sign).isInstanceOf(CardNotAnsweringException.class)
                    .hasMessage("The virtual card '" + card + "' did not answer within 500 ms.");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

            s.initSign(auth);
            s.update(new byte[] {7});
            assertThatThrownBy(s::sign).as("the card was given up and is looked for again").isInstanceOf(CardRemovedException.class);
            assertThat(opened).hasValue(2);
        }
    }
}

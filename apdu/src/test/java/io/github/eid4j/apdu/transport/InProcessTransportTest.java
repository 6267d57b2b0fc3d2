package io.github.eid4j.apdu.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.vpcd.TestCard;
import io.github.eid4j.testing.SilentCard;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A virtual card in this process that stops answering: the caller is told within the time limit, and closing does not wait for the card. */
@Timeout(30)
class InProcessTransportTest {
    private static final byte[] SELECT = Hex.decode("00 A4 04 00 0A F0 65 69 64 34 6A 54 45 53 54");

    @Test
    void aCardThatStopsAnsweringIsGivenUpWithinTheTimeLimit() throws Exception {
        TestCard inner = new TestCard();
        try (SilentCard card = new SilentCard(inner).silenceAt(0xCA)) {
            AtomicInteger released = new AtomicInteger();
            InProcessTransport transport = new InProcessTransport(card, "virtual card 'demo'", Duration.ofMillis(300),
                    released::incrementAndGet);
            assertThat(transport.transmit(SELECT)).isEqualTo(Hex.decode("90 00"));

            long start = System.nanoTime();
            assertThatThrownBy(() -> transport.transmit(Hex.decode("00 CA 01 02 00"))).isInstanceOf(NoAnswerException.class)
                    .hasMessage("The virtual card 'demo' did not answer within 300 ms.");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            // Given up: later commands fail at once, closing returns at once, and the card is
            // powered off and released only once it has finished the command it holds.
            start = System.nanoTime();
            assertThatThrownBy(() -> transport.transmit(SELECT)).isInstanceOf(NoAnswerException.class);
            transport.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(released).hasValue(0);
            assertThat(inner.powerOffs).hasValue(0);

            card.close();
            for (int i = 0; i < 500 && released.get() == 0; i++) {
                Thread.sleep(10);
            }
            assertThat(released).hasValue(1);
            assertThat(inner.powerOffs).hasValue(1);
        }
    }

    @Test
    void closingAnIdleCardReleasesItBeforeReturning() throws Exception {
        TestCard inner = new TestCard();
        AtomicInteger released = new AtomicInteger();
        InProcessTransport transport = new InProcessTransport(inner, "virtual card 'demo'", Duration.ofSeconds(5), released::incrementAndGet);
        assertThat(transport.transmit(SELECT)).isEqualTo(Hex.decode("90 00"));
        transport.close();
        assertThat(released).hasValue(1);
        assertThat(inner.powerOffs).hasValue(1);
        assertThatThrownBy(() -> transport.transmit(SELECT)).isInstanceOf(TransportException.class)
                .hasMessage("The connection to the card is closed.");
    }
}

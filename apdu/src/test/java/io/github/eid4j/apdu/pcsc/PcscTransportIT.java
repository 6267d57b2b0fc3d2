package io.github.eid4j.apdu.pcsc;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.PORT_1;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static io.github.eid4j.testing.Pcscd.READER_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.SilentCard;
import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.transport.Transports;
import io.github.eid4j.apdu.vpcd.TestCard;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import jnasmartcardio.Smartcardio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The PC/SC transport against real pcscd, with {@link TestCard} served into vpcd's readers by
 * {@link VpcdBridge}. Needs pcscd with vpcd running; see {@link Pcscd}.
 */
@Timeout(60)
class PcscTransportIT extends PcscdTest {
    private static final byte[] SELECT = Hex.decode("00 A4 04 00 0A F0 65 69 64 34 6A 54 45 53 54");
    private static final byte[] GET_DATA = Hex.decode("00 CA 01 02 00");


    private VpcdBridge insert(TestCard card, int port, String reader) throws InterruptedException {
        VpcdBridge bridge = closing(VpcdBridge.start(card, port));
        Pcscd.awaitReader(reader, r -> r.cardPresent() && r.atr().length > 0, "a card");
        return bridge;
    }

    @Test
    void theReaderListShowsTheCardAndItsAtr() throws Exception {
        insert(new TestCard(), PORT_0, READER_0);
        List<PcscReader> readers = PcscReaders.list();
        PcscReader reader = readers.stream().filter(r -> r.name().equals(READER_0)).findFirst().orElseThrow();
        assertThat(reader.cardPresent()).isTrue();
        assertThat(reader.atr()).isEqualTo(TestCard.ATR);
        assertThat(readers.get(reader.index())).isEqualTo(reader);
        assertThat(readers).filteredOn(r -> r.name().equals(READER_1)).singleElement()
                .satisfies(r -> assertThat(r.cardPresent()).isFalse());
    }

    @Test
    void connectTransmitAndTransaction() throws Exception {
        insert(new TestCard(), PORT_0, READER_0);
        PcscCardTransport card = closing(PcscReaders.connect(READER_0, ShareMode.SHARED, Protocol.ANY));
        assertThat(card.readerName()).isEqualTo(READER_0);
        assertThat(card.atr()).isEqualTo(TestCard.ATR);
        assertThat(card.protocol()).isEqualTo(Protocol.T1);

        assertThat(card.transmit(SELECT)).isEqualTo(Hex.decode("90 00"));
        ResponseApdu data = card.transmit(new CommandApdu(0x00, 0xCA, 0x01, 0x02, 256));
        assertThat(data.data()).isEqualTo(TestCard.DATA);
        assertThat(data.sw()).isEqualTo(0x9000);
        assertThat(card.transmit(Hex.decode("00 11 00 00"))).isEqualTo(Hex.decode("6D 00"));
        // The card's answer as it is: 61xx is for the transport stack's GET RESPONSE to follow.
        assertThat(card.transmit(Hex.decode("00 CA 01 03 00"))).isEqualTo(Hex.decode(String.format("61 %02X", TestCard.DATA.length)));
        assertThat(Transports.standard(card).transmit(Hex.decode("00 CA 01 03 00"))).isEqualTo(card.transmit(GET_DATA));
        // A response far over javax.smartcardio's usual 8 KiB: extended Le under T=1.
        byte[] big = card.transmit(new CommandApdu(0x00, 0xB0, 0x00, 0x00, 60000).toBytes());
        assertThat(big).hasSize(60002);
        assertThat(big[59999]).isEqualTo((byte) 59999);

        try (PcscCardTransport.Transaction tx = card.transaction()) {
            assertThat(card.transmit(GET_DATA)).endsWith(0x90, 0x00);
        }
        card.beginTransaction();
        card.endTransaction();
        card.close();
        assertThat(card.isOpen()).isFalse();
        assertThatThrownBy(() -> card.transmit(GET_DATA)).isInstanceOfSatisfying(PcscException.class,
                e -> assertThat(e.failure()).isEqualTo(PcscFailure.CLOSED));
    }

    /**
     * vpcd's reader has no PC/SC part 10 features: asking costs nothing and the card is used as
     * in any plain reader; the control command reaches pcscd through SCardControl.
     */
    @Test
    void aPlainReaderHasNoPinPadAndNoPace() throws Exception {
        insert(new TestCard(), PORT_0, READER_0);
        PcscCardTransport card = closing(PcscReaders.connect(READER_0));
        assertThat(card.features()).isSameAs(ReaderFeatures.NONE);
        assertThat(card.transmit(SELECT)).isEqualTo(Hex.decode("90 00"));
    }

    @Test
    void aTransactionKeepsOtherConnectionsWaiting() throws Exception {
        insert(new TestCard(), PORT_0, READER_0);
        PcscCardTransport first = closing(PcscReaders.connect(READER_0));
        PcscCardTransport second = closing(PcscReaders.connect(READER_0));
        CompletableFuture<byte[]> other;
        try (PcscCardTransport.Transaction tx = first.transaction()) {
            other = CompletableFuture.supplyAsync(() -> {
                try {
                    return second.transmit(GET_DATA);
                } catch (PcscException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(first.transmit(SELECT)).isEqualTo(Hex.decode("90 00"));
            assertThatThrownBy(() -> other.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        }
        assertThat(other.get(10, TimeUnit.SECONDS)).endsWith(0x90, 0x00);
    }

    @Test
    void callersFromManyThreadsShareOneConnection() throws Exception {
        insert(new TestCard(), PORT_0, READER_0);
        PcscCardTransport card = closing(PcscReaders.connect(READER_0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] command = i % 2 == 0 ? GET_DATA : SELECT;
                results.add(pool.submit(() -> card.transmit(command)));
            }
            for (int i = 0; i < results.size(); i++) {
                byte[] r = results.get(i).get(20, TimeUnit.SECONDS);
                assertThat(r).hasSize(i % 2 == 0 ? TestCard.DATA.length + 2 : 2).endsWith(0x90, 0x00);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void connectByIndexAndExclusively() throws Exception {
        insert(new TestCard(), PORT_0, READER_0);
        int index = PcscReaders.list().stream().filter(r -> r.name().equals(READER_0)).findFirst().orElseThrow().index();
        PcscCardTransport exclusive = closing(PcscReaders.connect(index, ShareMode.EXCLUSIVE, Protocol.T1));
        assertThat(exclusive.readerName()).isEqualTo(READER_0);
        assertThat(exclusive.transmit(SELECT)).isEqualTo(Hex.decode("90 00"));
        assertThatThrownBy(() -> closing(PcscReaders.connect(READER_0))).isInstanceOfSatisfying(PcscException.class, e -> {
            assertThat(e.failure()).isEqualTo(PcscFailure.SHARING_VIOLATION);
            assertThat(e.getMessage()).isEqualTo("Another program is using the card in reader '" + READER_0 + "' exclusively.");
        });
        assertThatThrownBy(() -> closing(PcscReaders.connect(READER_0, ShareMode.SHARED, Protocol.T0)))
                .isInstanceOfSatisfying(PcscException.class, e -> assertThat(e.failure())
                        .isIn(PcscFailure.SHARING_VIOLATION, PcscFailure.PROTOCOL_MISMATCH));
    }

    @Test
    void aSecondCardAppearsInTheSecondReaderAtTheSameTime() throws Exception {
        byte[] otherAtr = TestCard.atr("eid4j-two");
        insert(new TestCard(), PORT_0, READER_0);
        insert(new TestCard(otherAtr), PORT_1, READER_1);

        List<PcscReader> readers = PcscReaders.list();
        assertThat(readers).filteredOn(r -> r.name().equals(READER_0)).singleElement()
                .satisfies(r -> assertThat(r.atr()).isEqualTo(TestCard.ATR));
        assertThat(readers).filteredOn(r -> r.name().equals(READER_1)).singleElement()
                .satisfies(r -> assertThat(r.atr()).isEqualTo(otherAtr));

        PcscCardTransport one = closing(PcscReaders.connect(READER_0));
        PcscCardTransport two = closing(PcscReaders.connect(READER_1));
        assertThat(one.atr()).isEqualTo(TestCard.ATR);
        assertThat(two.atr()).isEqualTo(otherAtr);
        assertThat(one.transmit(GET_DATA)).endsWith(0x90, 0x00);
        assertThat(two.transmit(SELECT)).isEqualTo(Hex.decode("90 00"));
    }

    @Test
    void anEmptyReaderGivesNoCard() {
        assertThatThrownBy(() -> closing(PcscReaders.connect(READER_1))).isInstanceOfSatisfying(PcscException.class, e -> {
            assertThat(e.failure()).isEqualTo(PcscFailure.NO_CARD);
            assertThat(e.getMessage()).isEqualTo("There is no card in reader '" + READER_1 + "'.");
            assertThat(e.reader()).contains(READER_1);
        });
    }

    @Test
    void anUnknownReaderGivesUnknownReader() {
        assertThatThrownBy(() -> closing(PcscReaders.connect("No Such Reader 42 00"))).isInstanceOfSatisfying(
                PcscException.class, e -> {
                    assertThat(e.failure()).isIn(PcscFailure.UNKNOWN_READER, PcscFailure.NO_READER);
                    assertThat(e.getMessage()).contains("No Such Reader 42 00");
                });
        assertThatThrownBy(() -> closing(PcscReaders.connect(99, ShareMode.SHARED, Protocol.ANY)))
                .isInstanceOfSatisfying(PcscException.class, e -> assertThat(e.failure()).isEqualTo(PcscFailure.UNKNOWN_READER));
    }

    @Test
    void removingTheCardDuringASessionGivesCardRemoved() throws Exception {
        VpcdBridge bridge = insert(new TestCard(), PORT_0, READER_0);
        PcscCardTransport card = closing(PcscReaders.connect(READER_0));
        assertThat(card.transmit(SELECT)).isEqualTo(Hex.decode("90 00"));
        bridge.close();
        Pcscd.awaitReader(READER_0, r -> !r.cardPresent(), "empty");
        assertThatThrownBy(() -> card.transmit(GET_DATA)).isInstanceOfSatisfying(PcscException.class, e -> {
            assertThat(e.failure()).isEqualTo(PcscFailure.CARD_REMOVED);
            assertThat(e.getMessage()).isEqualTo("The card was removed from reader '" + READER_0 + "'.");
        });

        // Inserted again, the card needs a new connection.
        insert(new TestCard(), PORT_0, READER_0);
        assertThatThrownBy(() -> card.transmit(GET_DATA)).isInstanceOf(PcscException.class);
        PcscCardTransport again = closing(PcscReaders.connect(READER_0));
        assertThat(again.transmit(SELECT)).isEqualTo(Hex.decode("90 00"));
    }

    @Test
    void aResetByAnotherProgramGivesCardReset() throws Exception {
        insert(new TestCard(), PORT_0, READER_0);
        PcscCardTransport card = closing(PcscReaders.connect(READER_0));
        assertThat(card.transmit(SELECT)).isEqualTo(Hex.decode("90 00"));

        // Another program connects and leaves the card with a reset (SCARD_RESET_CARD).
        CardTerminals terminals = TerminalFactory.getInstance("PC/SC", null, new Smartcardio()).terminals();
        try {
            terminals.getTerminal(READER_0).connect("*").disconnect(true);
        } finally {
            ((Smartcardio.JnaCardTerminals) terminals).close();
        }
        assertThatThrownBy(() -> card.transmit(GET_DATA)).isInstanceOfSatisfying(PcscException.class, e -> {
            assertThat(e.failure()).isEqualTo(PcscFailure.CARD_RESET);
            assertThat(e.code()).isEqualTo(0x80100068);
            assertThat(e.getMessage()).contains(READER_0);
        });
    }

    @Test
    void aT0CardTakesShortCommandsOnly() throws Exception {
        byte[] t0Atr = Hex.decode("3B 05 65 69 64 34 6A"); // no TD1: T=0 only
        insert(new TestCard(t0Atr), PORT_0, READER_0);
        PcscCardTransport card = closing(PcscReaders.connect(READER_0));
        assertThat(card.protocol()).isEqualTo(Protocol.T0);
        assertThat(card.atr()).isEqualTo(t0Atr);
        assertThat(card.transmit(GET_DATA)).endsWith(0x90, 0x00);
        assertThatThrownBy(() -> card.transmit(Hex.decode("00 B0 00 00 00 10 00"))).isInstanceOfSatisfying(
                PcscException.class, e -> {
                    assertThat(e.failure()).isEqualTo(PcscFailure.PROTOCOL_MISMATCH);
                    assertThat(e.getMessage()).isEqualTo("The card in reader '" + READER_0
                            + "' uses T=0, which cannot carry an extended-length command.");
                });
        assertThat(card.transmit(GET_DATA)).endsWith(0x90, 0x00);
    }

    /**
     * A card that stops answering (it keeps its vpcd connection, so pcscd waits for it): the
     * caller is told within the time limit, every later call at once, closing does not wait, a
     * new connection to that reader gives up too, and the card in the other reader answers all
     * the while.
     */
    @Test
    void aCardThatStopsAnsweringFailsItsCallerWithinTheLimitWhileTheOtherReaderAnswers() throws Exception {
        SilentCard silent = closing(new SilentCard(new TestCard()));
        closing(VpcdBridge.start(silent, PORT_0));
        Pcscd.awaitReader(READER_0, r -> r.cardPresent() && r.atr().length > 0, "the card that will fall silent");
        insert(new TestCard(), PORT_1, READER_1);
        Duration limit = Duration.ofSeconds(1);
        PcscCardTransport card = closing(PcscReaders.connect(READER_0, ShareMode.SHARED, Protocol.ANY, limit));
        assertThat(card.transmit(SELECT)).isEqualTo(Hex.decode("90 00"));

        silent.silence();
        long start = System.nanoTime();
        assertThatThrownBy(() -> card.transmit(GET_DATA)).isInstanceOfSatisfying(PcscException.class, e -> {
            assertThat(e.failure()).isEqualTo(PcscFailure.NO_ANSWER);
            assertThat(e.getMessage()).isEqualTo("The card in reader '" + READER_0
                    + "' did not answer within 1 s; remove it and insert it again.");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        PcscCardTransport other = closing(PcscReaders.connect(READER_1, ShareMode.SHARED, Protocol.ANY, limit));
        try (PcscCardTransport.Transaction tx = other.transaction()) {
            assertThat(other.transmit(SELECT)).isEqualTo(Hex.decode("90 00"));
        }

        start = System.nanoTime();
        assertThatThrownBy(() -> card.transmit(SELECT)).isInstanceOfSatisfying(PcscException.class,
                e -> assertThat(e.failure()).isEqualTo(PcscFailure.NO_ANSWER));
        assertThat(card.isOpen()).isFalse();
        card.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

        start = System.nanoTime();
        assertThatThrownBy(() -> closing(PcscReaders.connect(READER_0, ShareMode.SHARED, Protocol.ANY, limit)))
                .isInstanceOfSatisfying(PcscException.class, e -> assertThat(e.failure()).isEqualTo(PcscFailure.NO_ANSWER));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(other.transmit(GET_DATA)).endsWith(0x90, 0x00);
    }
}

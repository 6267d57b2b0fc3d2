package io.github.eid4j.apdu.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DecoratorsTest {

    @Test
    void getResponseCollectsEveryPartAndKeepsTheFinalStatus() throws Exception {
        ScriptedCard card = new ScriptedCard()
                .expect("00 2A 9E 9A 00", "01 02 61 03")
                .expect("00 C0 00 00 03", "03 04 05 61 00")
                .expect("00 C0 00 00 00", "06 90 00");
        byte[] r = new GetResponseTransport(card).transmit(Hex.decode("00 2A 9E 9A 00"));
        assertThat(Hex.spaced(r)).isEqualTo("01 02 03 04 05 06 90 00");
        card.assertDone();
    }

    @Test
    void getResponseKeepsTheLogicalChannel() throws Exception {
        ScriptedCard card = new ScriptedCard()
                .expect("01 CA 01 02 00", "61 02")
                .expect("01 C0 00 00 02", "AA BB 90 00");
        assertThat(Hex.spaced(new GetResponseTransport(card).transmit(Hex.decode("01 CA 01 02 00")))).isEqualTo("AA BB 90 00");
    }

    @Test
    void getResponseGivesUpOnACardThatNeverFinishes() {
        CardTransport endless = c -> Hex.decode("00 61 01");
        assertThatThrownBy(() -> new GetResponseTransport(endless, 5).transmit(Hex.decode("00 B0 00 00 00")))
                .isInstanceOf(TransportException.class)
                .hasMessage("The card still had more data after 5 GET RESPONSE commands, so the exchange was abandoned.");
    }

    @Test
    void wrongLeIsResentOnceWithTheCardsLength() throws Exception {
        ScriptedCard card = new ScriptedCard()
                .expect("00 B0 00 00 00", "6C 10")
                .expect("00 B0 00 00 10", "00 11 22 90 00");
        assertThat(Hex.spaced(new LeCorrectingTransport(card).transmit(Hex.decode("00 B0 00 00 00")))).isEqualTo("00 11 22 90 00");
        card.assertDone();

        ScriptedCard stubborn = new ScriptedCard()
                .expect("00 CA 9F 7F", "6C 2D")
                .expect("00 CA 9F 7F 2D", "6C 2D");
        assertThat(Hex.spaced(new LeCorrectingTransport(stubborn).transmit(Hex.decode("00 CA 9F 7F")))).isEqualTo("6C 2D");
        stubborn.assertDone();
    }

    @Test
    void t0SendsCaseFourAsCaseThreeAndGetResponseFetchesTheAnswer() throws Exception {
        ScriptedCard card = new ScriptedCard()
                .expect("00 CB 00 FF 05 A0 03 83 01 11", "61 04")
                .expect("00 C0 00 00 04", "A0 02 83 01 90 00");
        CardTransport t = card.then(T0Transport::new).then(GetResponseTransport::new);
        assertThat(Hex.spaced(t.transmit(Hex.decode("00 CB 00 FF 05 A0 03 83 01 11 00")))).isEqualTo("A0 02 83 01 90 00");
        card.assertDone();
    }

    @Test
    void t0RefusesExtendedLengths() {
        ScriptedCard card = new ScriptedCard();
        byte[] extended = new CommandApdu(0, 0xB0, 0, 0, 1000).toBytes();
        assertThatThrownBy(() -> new T0Transport(card).transmit(extended))
                .isInstanceOf(TransportException.class)
                .hasMessage("The card speaks only T=0, which cannot carry extended-length APDUs.");
        assertThat(card.received).isEmpty();
    }

    @Test
    void chainingSplitsLongDataWithTheChainBit() throws Exception {
        byte[] data = new byte[300];
        Arrays.fill(data, (byte) 0x5A);
        byte[] first = new CommandApdu(0x10, 0x2A, 0x80, 0x86, Arrays.copyOf(data, 255)).toBytes();
        byte[] last = new CommandApdu(0x00, 0x2A, 0x80, 0x86, Arrays.copyOf(data, 45), 256).toBytes();
        ScriptedCard card = new ScriptedCard()
                .expect(Hex.plain(first), "90 00")
                .expect(Hex.plain(last), "01 02 90 00");
        byte[] r = new ChainingTransport(card).transmit(new CommandApdu(0, 0x2A, 0x80, 0x86, data, 256).toBytes());
        assertThat(Hex.spaced(r)).isEqualTo("01 02 90 00");
        card.assertDone();
    }

    @Test
    void chainingStopsAtTheFirstRefusal() throws Exception {
        byte[] data = new byte[600];
        ScriptedCard card = new ScriptedCard()
                .expect(Hex.plain(new CommandApdu(0x10, 0x2A, 0x9E, 0x9A, Arrays.copyOf(data, 255)).toBytes()), "68 84");
        byte[] r = new ChainingTransport(card).transmit(new CommandApdu(0, 0x2A, 0x9E, 0x9A, data).toBytes());
        assertThat(Hex.spaced(r)).isEqualTo("68 84");
        card.assertDone();
    }

    @Test
    void shortCommandsPassUnchanged() throws Exception {
        ScriptedCard card = new ScriptedCard().expect("00 A4 04 0C 02 3F 00", "90 00");
        CardTransport t = Transports.standard(card);
        assertThat(Hex.spaced(t.transmit(Hex.decode("00 A4 04 0C 02 3F 00")))).isEqualTo("90 00");
        t.close();
        assertThat(card.closed).as("close reaches the wire").isTrue();
    }

    @Test
    void aResponseWithoutStatusWordIsATransportError() {
        CardTransport broken = c -> new byte[] {0x01};
        assertThatThrownBy(() -> new GetResponseTransport(broken).transmit(Hex.decode("00 B0 00 00 00")))
                .isInstanceOf(TransportException.class)
                .hasMessage("The card answered with 1 bytes, which is not a response APDU.");
    }

    @Test
    void inProcessTransportPowersTheCardAndSurvivesAThrowingCard() throws Exception {
        int[] power = new int[2];
        Icc card = new Icc() {
            @Override
            public byte[] atr() {
                return Hex.decode("3B 80 80 01 01");
            }

            @Override
            public byte[] process(byte[] command) {
                if (command[1] == 0x00) {
                    throw new IllegalStateException("bug");
                }
                return Hex.decode("90 00");
            }

            @Override
            public void powerOn() {
                power[0]++;
            }

            @Override
            public void powerOff() {
                power[1]++;
            }
        };
        InProcessTransport t = new InProcessTransport(card);
        assertThat(power[0]).isEqualTo(1);
        assertThat(t.transmit(Hex.decode("00 A4 00 0C"))).containsExactly(0x90, 0x00);
        assertThatThrownBy(() -> t.transmit(Hex.decode("00 00 00 00")))
                .isInstanceOf(TransportException.class).hasMessageContaining("stopped answering");
        t.close();
        t.close();
        assertThat(power[1]).isEqualTo(1);
        assertThatThrownBy(() -> t.transmit(Hex.decode("00 A4 00 0C"))).hasMessage("The connection to the card is closed.");
    }
}

package io.github.eid4j.apdu.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each decorator against a card scripted as a recording: hex in, hex out. */
class DecoratorsTest {

    /** A card that expects exactly these exchanges, in this order. */
    static ReplayTransport card(String recording) {
        return new ReplayTransport(ApduRecording.parse(recording, "script"));
    }

    @Test
    void getResponseCollectsEveryPartAndKeepsTheFinalStatus() throws Exception {
        ReplayTransport card = card("""
                > 00 2A 9E 9A 00
                < 01 02 61 03
                > 00 C0 00 00 03
                < 03 04 05 61 00
                > 00 C0 00 00 00
                < 06 90 00
                """);
        byte[] r = new GetResponseTransport(card).transmit(Hex.decode("00 2A 9E 9A 00"));
        assertThat(Hex.spaced(r)).isEqualTo("01 02 03 04 05 06 90 00");
        card.assertPlayedToEnd();
    }

    @Test
    void getResponseKeepsTheLogicalChannel() throws Exception {
        ReplayTransport card = card("""
                > 01 CA 01 02 00
                < 61 02
                > 01 C0 00 00 02
                < AA BB 90 00
                """);
        assertThat(Hex.spaced(new GetResponseTransport(card).transmit(Hex.decode("01 CA 01 02 00")))).isEqualTo("AA BB 90 00");
        card.assertPlayedToEnd();
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
        ReplayTransport card = card("""
                > 00 B0 00 00 00
                < 6C 10
                > 00 B0 00 00 10
                < 00 11 22 90 00
                """);
        assertThat(Hex.spaced(new LeCorrectingTransport(card).transmit(Hex.decode("00 B0 00 00 00")))).isEqualTo("00 11 22 90 00");
        card.assertPlayedToEnd();

        ReplayTransport stubborn = card("""
                > 00 CA 9F 7F
                < 6C 2D
                > 00 CA 9F 7F 2D
                < 6C 2D
                """);
        assertThat(Hex.spaced(new LeCorrectingTransport(stubborn).transmit(Hex.decode("00 CA 9F 7F")))).isEqualTo("6C 2D");
        stubborn.assertPlayedToEnd();
    }

    @Test
    void t0SendsCaseFourAsCaseThreeAndGetResponseFetchesTheAnswer() throws Exception {
        ReplayTransport card = card("""
                > 00 CB 00 FF 05 A0 03 83 01 11
                < 61 04
                > 00 C0 00 00 04
                < A0 02 83 01 90 00
                """);
        CardTransport t = card.then(T0Transport::new).then(GetResponseTransport::new);
        assertThat(Hex.spaced(t.transmit(Hex.decode("00 CB 00 FF 05 A0 03 83 01 11 00")))).isEqualTo("A0 02 83 01 90 00");
        card.assertPlayedToEnd();
    }

    @Test
    void t0RefusesExtendedLengths() {
        ReplayTransport card = card(""); // no command may reach it
        byte[] extended = new CommandApdu(0, 0xB0, 0, 0, 1000).toBytes();
        assertThatThrownBy(() -> new T0Transport(card).transmit(extended))
                .isInstanceOf(TransportException.class)
                .hasMessage("The card speaks only T=0, which cannot carry extended-length APDUs.");
        card.assertPlayedToEnd();
    }

    @Test
    void chainingSplitsLongDataWithTheChainBit() throws Exception {
        byte[] data = new byte[300];
        Arrays.fill(data, (byte) 0x5A);
        byte[] first = new CommandApdu(0x10, 0x2A, 0x80, 0x86, Arrays.copyOf(data, 255)).toBytes();
        byte[] last = new CommandApdu(0x00, 0x2A, 0x80, 0x86, Arrays.copyOf(data, 45), 256).toBytes();
        ReplayTransport card = card("> " + Hex.spaced(first) + "\n< 90 00\n> " + Hex.spaced(last) + "\n< 01 02 90 00\n");
        byte[] r = new ChainingTransport(card).transmit(new CommandApdu(0, 0x2A, 0x80, 0x86, data, 256).toBytes());
        assertThat(Hex.spaced(r)).isEqualTo("01 02 90 00");
        card.assertPlayedToEnd();
    }

    @Test
    void chainingStopsAtTheFirstRefusal() throws Exception {
        byte[] data = new byte[600];
        ReplayTransport card = card("> " + Hex.spaced(new CommandApdu(0x10, 0x2A, 0x9E, 0x9A, Arrays.copyOf(data, 255)).toBytes())
                + "\n< 68 84\n");
        byte[] r = new ChainingTransport(card).transmit(new CommandApdu(0, 0x2A, 0x9E, 0x9A, data).toBytes());
        assertThat(Hex.spaced(r)).isEqualTo("68 84");
        card.assertPlayedToEnd();
    }

    @Test
    void shortCommandsPassUnchanged() throws Exception {
        ReplayTransport card = card("> 00 A4 04 0C 02 3F 00\n< 90 00\n");
        CardTransport t = Transports.standard(card);
        assertThat(Hex.spaced(t.transmit(Hex.decode("00 A4 04 0C 02 3F 00")))).isEqualTo("90 00");
        t.close();
        assertThatThrownBy(() -> card.transmit(Hex.decode("00 A4 04 0C 02 3F 00"))).as("close reaches the wire")
                .hasMessage("The connection to the card is closed.");
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

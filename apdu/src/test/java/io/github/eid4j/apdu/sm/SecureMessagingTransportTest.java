package io.github.eid4j.apdu.sm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.transport.CardTransport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The SM decorator against a card that protects its answers with the same code, and against cards that misbehave. */
class SecureMessagingTransportTest {
    private static final byte[] K_ENC = Hex.decode("F5F0E35C0D7161EE6724EE513A0D9A7F");
    private static final byte[] K_MAC = Hex.decode("FE251C7858B356B24514B3BD5F4297D1");

    private static SecureMessaging session() {
        return new SecureMessaging(SmCipher.AES, K_ENC, K_MAC, new byte[16]);
    }

    /** A card that unwraps each command, echoes its data (or Ne bytes), and records the plain commands. */
    private static final class EchoCard implements CardTransport {
        final SecureMessaging chip = session();
        final List<CommandApdu> plain = new ArrayList<>();
        final List<byte[]> wire = new ArrayList<>();

        @Override
        public byte[] transmit(byte[] command) {
            wire.add(command);
            try {
                CommandApdu c = chip.unwrapCommand(CommandApdu.parse(command));
                plain.add(c);
                byte[] data = c.nc() > 0 ? c.data() : new byte[Math.min(c.ne(), 300)];
                return chip.wrapResponse(data, 0x9000);
            } catch (SecureMessagingException e) {
                return new byte[] {0x69, (byte) 0x88};
            }
        }
    }

    @Test
    void plainInPlainOutWithEveryCommandProtected() throws Exception {
        EchoCard card = new EchoCard();
        SecureMessagingTransport sm = new SecureMessagingTransport(card, session(), false);
        assertThat(Hex.plain(sm.transmit(Hex.decode("00 B0 00 00 10")))).isEqualTo("00".repeat(16) + "9000");
        assertThat(Hex.plain(sm.transmit(Hex.decode("00 DA 01 02 03 AA BB CC 00")))).isEqualTo("AABBCC9000");
        assertThat(card.wire).allSatisfy(c -> assertThat(c[0] & 0x0C).isEqualTo(0x0C));
        assertThat(Hex.plain(card.chip.sendSequenceCounter())).isEqualTo("00".repeat(15) + "04");
    }

    @Test
    void longDataIsChainedAsProtectedPartsOfAtMost223Bytes() throws Exception {
        EchoCard card = new EchoCard();
        SecureMessagingTransport sm = new SecureMessagingTransport(card, session(), false);
        byte[] data = new byte[500];
        Arrays.fill(data, (byte) 0x5A);
        byte[] answer = sm.transmit(new CommandApdu(0x00, 0xD6, 0x00, 0x00, data).toBytes());
        assertThat(sm.maxCommandData()).isEqualTo(223);
        assertThat(card.plain).extracting(CommandApdu::nc).containsExactly(223, 223, 54);
        assertThat(card.plain).extracting(CommandApdu::cla).containsExactly(0x10, 0x10, 0x00);
        assertThat(card.wire).allSatisfy(c -> assertThat(c.length).isLessThanOrEqualTo(5 + 255 + 1));
        assertThat(Hex.plain(answer)).endsWith("9000");
    }

    @Test
    void extendedLengthSendsOneProtectedApdu() throws Exception {
        EchoCard card = new EchoCard();
        SecureMessagingTransport sm = new SecureMessagingTransport(card, session(), true);
        byte[] data = new byte[500];
        byte[] answer = sm.transmit(new CommandApdu(0x00, 0xD6, 0x00, 0x00, data, 1000).toBytes());
        assertThat(card.wire).hasSize(1);
        assertThat(card.wire.get(0)[4]).isZero(); // extended Lc
        assertThat(card.plain.get(0).nc()).isEqualTo(500);
        assertThat(card.plain.get(0).ne()).isEqualTo(1000);
        assertThat(answer).hasSize(502);
    }

    @Test
    void anAnswerWhoseMacDoesNotVerifyClosesTheChannelForGood() throws Exception {
        EchoCard honest = new EchoCard();
        AtomicInteger calls = new AtomicInteger();
        CardTransport tampering = command -> {
            calls.incrementAndGet();
            byte[] r = honest.transmit(command);
            r[r.length - 3] ^= 1; // last MAC byte
            return r;
        };
        SecureMessagingTransport sm = new SecureMessagingTransport(tampering, session(), false);
        assertThatThrownBy(() -> sm.transmit(Hex.decode("00 B0 00 00 04")))
                .isInstanceOf(SecureMessagingException.class)
                .hasMessage("The MAC of the card's answer does not verify; the secure channel is closed.");
        assertThat(sm.isClosed()).isTrue();
        assertThatThrownBy(() -> sm.transmit(Hex.decode("00 B0 00 00 04")))
                .isInstanceOf(SecureMessagingException.class)
                .hasMessage("The MAC of the card's answer does not verify; the secure channel is closed.");
        assertThat(calls).hasValue(1); // nothing more reached the card, in plaintext or otherwise
    }

    @Test
    void aCardThatEndsSecureMessagingIsToldInOneSentence() {
        for (String sw : List.of("6987", "6988")) {
            SecureMessagingTransport sm = new SecureMessagingTransport(c -> Hex.decode(sw), session(), false);
            assertThatThrownBy(() -> sm.transmit(Hex.decode("00 A4 02 0C 02 01 1E")))
                    .isInstanceOf(SecureMessagingException.class)
                    .hasMessageStartingWith("The card ended secure messaging (" + sw + ": ")
                    .hasMessageEndingWith("; the secure channel is closed.");
            assertThat(sm.isClosed()).isTrue();
        }
    }

    @Test
    void aCardThatAnswersInPlaintextAfterPaceIsRefused() {
        SecureMessagingTransport ok = new SecureMessagingTransport(c -> Hex.decode("9000"), session(), false);
        assertThatThrownBy(() -> ok.transmit(Hex.decode("00 A4 02 0C 02 01 1E")))
                .isInstanceOf(SecureMessagingException.class)
                .hasMessage("The card answered 9000 without secure messaging; the secure channel is closed.");
        SecureMessagingTransport data = new SecureMessagingTransport(c -> Hex.decode("60 14 5F 01 90 00"), session(), false);
        assertThatThrownBy(() -> data.transmit(Hex.decode("00 B0 00 00 04")))
                .isInstanceOf(SecureMessagingException.class)
                .hasMessage("The card answered 9000 without secure messaging; the secure channel is closed.");
    }

    @Test
    void aCardThatSkipsTheMacIsRefused() {
        SecureMessaging chip = session();
        CardTransport noMac = command -> {
            try {
                chip.unwrapCommand(CommandApdu.parse(command));
            } catch (SecureMessagingException e) {
                throw new AssertionError(e);
            }
            ByteArrayOutputStream r = new ByteArrayOutputStream();
            r.writeBytes(Hex.decode("99 02 90 00 90 00"));
            return r.toByteArray();
        };
        SecureMessagingTransport sm = new SecureMessagingTransport(noMac, session(), false);
        assertThatThrownBy(() -> sm.transmit(Hex.decode("00 A4 02 0C 02 01 1E")))
                .hasMessage("The card answered 9000 without secure messaging; the secure channel is closed.");
    }
}

package io.github.eid4j.apdu.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every copy a transport makes of a command that carries a PIN (VERIFY, CHANGE REFERENCE DATA,
 * RESET RETRY COUNTER, GENERAL AUTHENTICATE) is zeros once the card has answered; the copies of
 * other commands are left alone, and so is the caller's own array.
 */
class SecretCopiesTest {
    private static final String PIN_BLOCK = "37 33 39 31 35 38 32 34 00 00 00 00";

    /** The arrays themselves that reached the card, not copies of them, so that a later wipe shows. */
    private static final class Wire implements CardTransport {
        final List<byte[]> received = new ArrayList<>();
        private final Function<byte[], String> answer;

        Wire(Function<byte[], String> answer) {
            this.answer = answer;
        }

        @Override
        public byte[] transmit(byte[] command) {
            received.add(command);
            return Hex.decode(answer.apply(command));
        }
    }

    private static byte[] zeros(int n) {
        return new byte[n];
    }

    @Test
    void theEncodingOfACommandApduIsWipedAndTheCommandWipesItsData() throws Exception {
        Wire wire = new Wire(c -> "90 00");
        byte[] block = Hex.decode(PIN_BLOCK);
        CommandApdu verify = new CommandApdu(0x00, 0x20, 0x00, 0x11, block);
        try (verify) {
            wire.transmit(verify);
            assertThat(wire.received.get(0)).as("the encoding sent").isEqualTo(zeros(17));
            assertThat(verify.data()).as("the command's copy, until closed").isEqualTo(block);
        }
        assertThat(verify.data()).as("the command's copy, closed").isEqualTo(zeros(12));
        assertThat(block).as("the caller's block is the caller's to wipe").isEqualTo(Hex.decode(PIN_BLOCK));

        wire.transmit(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, Hex.decode("A0 00 00 00 63")));
        assertThat(Hex.spaced(wire.received.get(1))).isEqualTo("00 A4 04 0C 05 A0 00 00 00 63");
    }

    @Test
    void t0WipesItsCaseThreeCopy() throws Exception {
        Wire wire = new Wire(c -> "90 00");
        byte[] command = Hex.decode("00 20 00 11 0C " + PIN_BLOCK + " 00");
        new T0Transport(wire).transmit(command);
        assertThat(wire.received.get(0)).hasSize(17).isEqualTo(zeros(17));
        assertThat(command[5]).as("the caller's array is left to the caller").isEqualTo((byte) '7');

        new T0Transport(wire).transmit(Hex.decode("00 CB 00 FF 02 A0 00 00"));
        assertThat(Hex.spaced(wire.received.get(1))).isEqualTo("00 CB 00 FF 02 A0 00");
    }

    @Test
    void aResentCommandIsWiped() throws Exception {
        Wire wire = new Wire(c -> c.length == 17 ? "6C 00" : "90 00");
        new LeCorrectingTransport(wire).transmit(Hex.decode("00 20 00 11 0C " + PIN_BLOCK));
        assertThat(wire.received).hasSize(2);
        assertThat(wire.received.get(1)).as("the resent copy").isEqualTo(zeros(18));
    }

    @Test
    void everyPartOfAChainedSecretIsWiped() throws Exception {
        Wire wire = new Wire(c -> "90 00");
        byte[] data = new byte[300];
        java.util.Arrays.fill(data, (byte) 0x42);
        byte[] command = new CommandApdu(0x00, 0x86, 0x00, 0x00, data).toBytes();
        new ChainingTransport(wire).transmit(command);
        assertThat(wire.received).hasSize(2);
        assertThat(wire.received.get(0)).isEqualTo(zeros(5 + 255));
        assertThat(wire.received.get(1)).isEqualTo(zeros(5 + 45));
    }

    @Test
    void theVirtualCardsCopyIsWipedOnceItHasAnswered() throws Exception {
        List<byte[]> processed = new ArrayList<>();
        InProcessTransport t = new InProcessTransport(new Icc() {
            @Override
            public byte[] atr() {
                return Hex.decode("3B 80 80 01 01");
            }

            @Override
            public byte[] process(byte[] command) {
                processed.add(command);
                return Hex.decode("90 00");
            }
        });
        t.transmit(Hex.decode("00 24 00 11 18 " + PIN_BLOCK + " " + PIN_BLOCK));
        t.transmit(Hex.decode("00 B0 00 00 02"));
        assertThat(processed.get(0)).isEqualTo(zeros(29));
        assertThat(Hex.spaced(processed.get(1))).isEqualTo("00 B0 00 00 02");
    }
}

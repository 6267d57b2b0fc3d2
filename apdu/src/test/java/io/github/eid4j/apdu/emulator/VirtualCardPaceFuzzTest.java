package io.github.eid4j.apdu.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.pace.CardAccess;
import io.github.eid4j.apdu.pace.Pace;
import io.github.eid4j.apdu.pace.PacePassword;
import io.github.eid4j.apdu.transport.InProcessTransport;
import io.github.eid4j.testing.PaceTestCard;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random commands to a card with a secure channel open: whatever comes, the card answers, and
 * nothing but a status word and public EF.CardAccess ever leaves it in plaintext (a plain
 * command ends the channel, it does not read a file).
 */
class VirtualCardPaceFuzzTest {
    private static final CardImage IMAGE = PaceTestCard.image();

    @Property(tries = 60)
    void nothingLeavesTheCardInPlaintextAfterPace(@ForAll("commands") List<byte[]> commands) throws Exception {
        VirtualCard card = new VirtualCard(IMAGE, NonVolatileMemory.NONE);
        InProcessTransport wire = new InProcessTransport(card);
        try (PacePassword can = PacePassword.can(PaceTestCard.CAN.toCharArray())) {
            Pace.establish(wire, CardAccess.parse(IMAGE.pace().cardAccess()), can).close();
        }
        for (byte[] command : commands) {
            byte[] answer = card.process(command.clone());
            assertThat(answer.length).isGreaterThanOrEqualTo(2);
            boolean protectedCommand = command.length >= 4 && (command[0] & 0x8C) == 0x0C;
            if (!protectedCommand && answer.length > 2) {
                // Only public EF.CardAccess, once a plain command has ended the channel.
                assertThat(IMAGE.pace().cardAccess()).as("a plain command's answer")
                        .containsSequence(java.util.Arrays.copyOf(answer, answer.length - 2));
            }
        }
    }

    @Provide
    Arbitrary<List<byte[]>> commands() {
        Arbitrary<byte[]> header = Arbitraries.of(
                new byte[] {0x00, (byte) 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x01},
                new byte[] {0x00, (byte) 0xB0, (byte) 0x81, 0x00, 0x00},
                new byte[] {0x00, (byte) 0xB0, (byte) 0x9C, 0x00, 0x00},
                new byte[] {0x00, (byte) 0xC0, 0x00, 0x00, 0x00},
                new byte[] {0x00, 0x22, (byte) 0xC1, (byte) 0xA4, 0x03, (byte) 0x83, 0x01, 0x02});
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(40).map(b -> {
            if (b.length > 0) {
                b[0] = (byte) (b[0] & 0x1C); // CLA 00, 04, 08, 0C, 10, 1C...: plain, protected, chained
            }
            return b;
        });
        return Arbitraries.oneOf(header, random).list().ofMinSize(1).ofMaxSize(12);
    }
}

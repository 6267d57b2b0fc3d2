package io.github.eid4j.card.iso;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.apdu.transport.Transports;
import io.github.eid4j.card.EidException;
import io.github.eid4j.testing.FuzzInput;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reading a file as every driver does, from a card whose answers are the fuzzer's: the FCP of the
 * SELECT (its size tag 80 or 81, nested anywhere, any length; without one, the content's DER
 * header), then whatever READ BINARY and GET RESPONSE return, through the T=0 or the T=1 transport stack. The read ends with the content, no
 * larger than an FCP may announce, or with a sentence (EidException, TransportException). It
 * cannot loop: once the answers are used up, the card answers nothing.
 *
 * <p>An input is one byte choosing the stack (bit 0 set: T=0), then the card's answers, framed
 * as {@link FuzzInput} says.
 */
class TransparentFilesFuzzTest {
    private static final byte[] PATH = Hex.decode("50 32");

    @FuzzTest
    void fcpAndContent(byte[] input) throws EidException {
        if (input.length == 0) {
            return;
        }
        List<byte[]> answers = FuzzInput.split(input, 1, input.length);
        Iterator<byte[]> next = answers.iterator();
        CardTransport wire = command -> next.hasNext() ? next.next() : new byte[0];
        CardTransport card = (input[0] & 1) == 1 ? Transports.t0(wire) : Transports.standard(wire);
        try {
            Optional<byte[]> content = TransparentFiles.read(card, PATH);
            content.ifPresent(c -> assertThat(c.length).isLessThanOrEqualTo(TransparentFiles.MAX_FILE));
        } catch (TransportException | EidException refused) {
            // a clear error, the one way a broken card may end the read
        }
    }
}

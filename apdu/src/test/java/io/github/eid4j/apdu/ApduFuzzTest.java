package io.github.eid4j.apdu;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * APDUs from outside: the virtual card parses whatever command a PC/SC program sends, and the
 * host parses whatever a card answers. Either the bytes parse, into an APDU that encodes back to
 * the same fields, or they are refused with {@link ApduFormatException}; nothing else escapes.
 * {@code ./mvnw test} replays the inputs in ApduFuzzTestInputs; {@code ./fuzz apdu} searches for new ones.
 */
class ApduFuzzTest {

    @FuzzTest
    void commandApdu(byte[] bytes) {
        CommandApdu command;
        try {
            command = CommandApdu.parse(bytes);
        } catch (ApduFormatException refused) {
            return;
        }
        assertThat(command.nc()).isLessThanOrEqualTo(bytes.length);
        assertThat(command.ne()).isBetween(0, CommandApdu.MAX_EXTENDED_NE);
        byte[] encoded = command.toBytes();
        assertThat(Arrays.copyOf(encoded, 4)).as("header").isEqualTo(Arrays.copyOf(bytes, 4));
        assertThat(CommandApdu.parse(encoded)).as("the command encoded again and parsed").isEqualTo(command);
    }

    @FuzzTest
    void responseApdu(byte[] bytes) {
        ResponseApdu response;
        try {
            response = ResponseApdu.parse(bytes);
        } catch (ApduFormatException refused) {
            return;
        }
        assertThat(response.dataLength()).isEqualTo(bytes.length - 2);
        assertThat(response.sw()).isEqualTo((response.sw1() << 8) | response.sw2());
        assertThat(response.statusWord().value()).isEqualTo(response.sw());
        assertThat(ResponseApdu.of(response.data(), response.sw())).isEqualTo(response);
        assertThat(response.toString()).isNotEmpty();
    }
}

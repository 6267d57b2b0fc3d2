package io.github.eid4j.apdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

class CommandApduPropertiesTest {

    @Property
    void everyCommandRoundTrips(@ForAll @IntRange(max = 255) int cla, @ForAll @IntRange(max = 255) int ins,
            @ForAll @IntRange(max = 255) int p1, @ForAll @IntRange(max = 255) int p2,
            @ForAll("data") byte[] data, @ForAll("ne") int ne) {
        CommandApdu command = new CommandApdu(cla, ins, p1, p2, data, ne);
        byte[] bytes = command.toBytes();

        CommandApdu parsed = CommandApdu.parse(bytes);

        assertThat(parsed).isEqualTo(command).hasSameHashCodeAs(command);
        assertThat(parsed.data()).isEqualTo(data);
        assertThat(parsed.ne()).isEqualTo(ne);
        assertThat(parsed.isExtended()).isEqualTo(data.length > 255 || ne > 256);
        assertThat(bytes).hasSize(expectedSize(data.length, ne));
    }

    @Property
    void arbitraryBytesParseOrFailWithAnApduFormatException(@ForAll("commandLikeBytes") byte[] bytes) {
        CommandApdu parsed;
        try {
            parsed = CommandApdu.parse(bytes);
        } catch (ApduFormatException e) {
            assertThat(e.getMessage()).endsWith(".");
            return;
        }
        // A command may arrive in a longer encoding than needed; re-encoding it must keep its meaning.
        assertThat(CommandApdu.parse(parsed.toBytes())).isEqualTo(parsed);
        assertThat(parsed.nc()).isLessThanOrEqualTo(bytes.length - 4);
    }

    /** ISO 7816-3: Lc is 1 or 3 bytes, Le 1, 2 (after an extended Lc) or 3 bytes. */
    private static int expectedSize(int nc, int ne) {
        boolean extended = nc > 255 || ne > 256;
        int size = 4;
        if (nc > 0) {
            size += (extended ? 3 : 1) + nc;
        }
        if (ne > 0) {
            size += extended ? (nc > 0 ? 2 : 3) : 1;
        }
        return size;
    }

    /** Mostly up to 300 bytes, around the short/extended boundary; rarely up to the 65535 maximum. */
    @Provide
    Arbitrary<byte[]> data() {
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(30, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                Tuple.of(2, filled(Arbitraries.of(255, 256, 65_535))),
                Tuple.of(1, filled(Arbitraries.integers().between(301, 65_535)))));
    }

    @Provide
    Arbitrary<Integer> ne() {
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(3, Arbitraries.integers().between(0, 65_536)),
                Tuple.of(1, Arbitraries.integers().between(0, 300)),
                Tuple.of(1, Arbitraries.of(0, 1, 255, 256, 257, 65_535, 65_536))));
    }

    /**
     * Random bytes, and bytes shaped like a header plus length fields so that the parser's case
     * analysis is reached instead of failing on the first check.
     */
    @Provide
    Arbitrary<byte[]> commandLikeBytes() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Byte> lengthByte = Arbitraries.frequencyOf(List.of(
                Tuple.of(1, Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x02, (byte) 0xFF)),
                Tuple.of(1, Arbitraries.bytes())));
        Arbitrary<byte[]> shaped = Combinators.combine(
                        Arbitraries.bytes().array(byte[].class).ofSize(4),
                        lengthByte.array(byte[].class).ofMaxSize(3),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(270),
                        lengthByte.array(byte[].class).ofMaxSize(3))
                .as((header, lc, body, le) -> concat(header, lc, body, le));
        return Arbitraries.frequencyOf(List.of(Tuple.of(1, random), Tuple.of(2, shaped), Tuple.of(2, consistent())));
    }

    /**
     * Well-formed in either length form, whatever the size: extended fields around a short body
     * are legal input that {@link CommandApdu#toBytes()} never produces.
     */
    private static Arbitrary<byte[]> consistent() {
        return Combinators.combine(
                        Arbitraries.bytes().array(byte[].class).ofSize(4),
                        Arbitraries.of(true, false),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(2))
                .as((header, extended, body, le) -> {
                    if (!extended) {
                        body = Arrays.copyOf(body, Math.min(body.length, 255));
                        byte[] lc = body.length == 0 ? new byte[0] : new byte[] {(byte) body.length};
                        return concat(header, lc, body, le.length > 0 ? new byte[] {le[0]} : le);
                    }
                    byte[] lc = body.length == 0 ? new byte[0] : new byte[] {0, (byte) (body.length >> 8), (byte) body.length};
                    byte[] extendedLe = le.length == 0 ? le : body.length == 0
                            ? new byte[] {0, le[0], le.length > 1 ? le[1] : 0}
                            : new byte[] {le[0], le.length > 1 ? le[1] : 0};
                    return concat(header, lc, body, extendedLe);
                });
    }

    private static Arbitrary<byte[]> filled(Arbitrary<Integer> sizes) {
        return Combinators.combine(sizes, Arbitraries.longs()).as((size, seed) -> {
            byte[] bytes = new byte[size];
            new Random(seed).nextBytes(bytes);
            return bytes;
        });
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, pos, part.length);
            pos += part.length;
        }
        return out;
    }
}

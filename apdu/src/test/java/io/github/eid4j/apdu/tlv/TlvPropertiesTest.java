package io.github.eid4j.apdu.tlv;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.tlv.BerTlv.Padding;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class TlvPropertiesTest {

    @Property
    void treesRoundTrip(@ForAll("trees") Tlv tree) {
        byte[] encoded = tree.encoded();

        Tlv parsed = BerTlv.parse(encoded);

        assertThat(parsed).isEqualTo(tree).hasSameHashCodeAs(tree);
        assertSameStructure(parsed, tree);
        assertThat(parsed.encoded()).isEqualTo(encoded);
        assertThat(BerTlv.parse(encoded, Padding.SKIP)).isEqualTo(tree);
        assertThat(Tlv.of(tree.tag(), tree.value())).isEqualTo(tree);
    }

    @Property
    void theWriterWritesWhatTheModelEncodes(@ForAll("trees") Tlv tree) {
        TlvWriter writer = new TlvWriter();
        write(writer, tree);

        assertThat(writer.toByteArray()).isEqualTo(tree.encoded());
        assertThat(new TlvWriter().add(tree).toByteArray()).isEqualTo(tree.encoded());
    }

    @Property
    void paddedSequencesParseWithSkip(@ForAll("sequences") List<Tlv> objects, @ForAll("paddingRuns") List<byte[]> padding) {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteArrayOutputStream padded = new ByteArrayOutputStream();
        for (int i = 0; i < objects.size(); i++) {
            padded.writeBytes(padding.get(i % padding.size()));
            padded.writeBytes(objects.get(i).encoded());
            plain.writeBytes(objects.get(i).encoded());
        }
        padded.writeBytes(padding.get(0));

        assertThat(BerTlv.parseAll(plain.toByteArray())).isEqualTo(objects);
        assertThat(BerTlv.parseAll(plain.toByteArray(), Padding.SKIP)).isEqualTo(objects);
        assertThat(BerTlv.parseAll(padded.toByteArray(), Padding.SKIP)).isEqualTo(objects);
    }

    @Property
    void arbitraryBytesParseOrFailCleanly(@ForAll("noise") byte[] bytes) {
        assertParsesOrFailsCleanly(bytes);
    }

    @Property
    void damagedEncodingsParseOrFailCleanly(@ForAll("damaged") byte[] bytes) {
        assertParsesOrFailsCleanly(bytes);
    }

    /**
     * Either the input parses, and then what was parsed re-encodes to bytes that parse to the
     * same objects, or it fails with a TlvFormatException that points into the input. Any other
     * exception or error fails the property.
     */
    private static void assertParsesOrFailsCleanly(byte[] bytes) {
        for (Padding padding : Padding.values()) {
            try {
                List<Tlv> objects = BerTlv.parseAll(bytes, padding);
                byte[] reencoded = new TlvWriter().addAll(objects).toByteArray();
                assertThat(BerTlv.parseAll(reencoded, padding)).isEqualTo(objects);
            } catch (TlvFormatException e) {
                assertFailureIsClear(e, bytes);
            }
            try {
                Tlv single = BerTlv.parse(bytes, padding);
                assertThat(BerTlv.parse(single.encoded())).isEqualTo(single);
            } catch (TlvFormatException e) {
                assertFailureIsClear(e, bytes);
            }
        }
    }

    private static void assertFailureIsClear(TlvFormatException e, byte[] bytes) {
        assertThat(e.getMessage()).endsWith(".").doesNotContain("\n");
        assertThat(e.offset()).isBetween(0, bytes.length);
    }

    private static void write(TlvWriter writer, Tlv tlv) {
        if (tlv.isConstructed()) {
            writer.constructed(tlv.tag(), inner -> tlv.children().forEach(child -> write(inner, child)));
        } else {
            writer.primitive(tlv.tag(), tlv.value());
        }
    }

    private static void assertSameStructure(Tlv actual, Tlv expected) {
        assertThat(actual.tag()).isEqualTo(expected.tag());
        assertThat(actual.value()).isEqualTo(expected.value());
        assertThat(actual.children()).hasSameSizeAs(expected.children());
        for (int i = 0; i < expected.children().size(); i++) {
            assertSameStructure(actual.children().get(i), expected.children().get(i));
        }
    }

    @Provide
    Arbitrary<Tlv> trees() {
        return TlvArbitraries.anyTree();
    }

    @Provide
    Arbitrary<List<Tlv>> sequences() {
        return TlvArbitraries.trees(3).list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<byte[]>> paddingRuns() {
        return Arbitraries.of((byte) 0x00, (byte) 0xFF).array(byte[].class).ofMaxSize(4).list().ofMinSize(1).ofMaxSize(4);
    }

    /** Random bytes, biased towards the bytes that steer the parser: tag starts, length forms, padding. */
    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x02, (byte) 0x04, (byte) 0x1F,
                (byte) 0x3F, (byte) 0x5F, (byte) 0x7F, (byte) 0x80, (byte) 0x81, (byte) 0x82, (byte) 0x83, (byte) 0x84,
                (byte) 0x85, (byte) 0xA0, (byte) 0xBF, (byte) 0xDF, (byte) 0xFE, (byte) 0xFF);
        Arbitrary<Byte> any = Arbitraries.bytes();
        Arbitrary<Byte> mixed = Arbitraries.frequencyOf(List.of(Tuple.of(1, interesting), Tuple.of(1, any)));
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(4, mixed.array(byte[].class).ofMaxSize(64)),
                Tuple.of(1, any.array(byte[].class).ofMaxSize(300))));
    }

    /** Valid encodings with a few bytes overwritten, dropped or inserted, or cut short. */
    @Provide
    Arbitrary<byte[]> damaged() {
        Arbitrary<List<Integer>> edits = Combinators.combine(
                        Arbitraries.integers().between(0, 2), Arbitraries.integers().greaterOrEqual(0), Arbitraries.bytes())
                .as((kind, where, value) -> List.of(kind, where, (int) value))
                .list().ofMinSize(1).ofMaxSize(3)
                .map(list -> list.stream().flatMap(List::stream).toList());
        return Combinators.combine(TlvArbitraries.trees(4), edits).as((tree, flat) -> {
            List<Byte> bytes = new ArrayList<>();
            for (byte b : tree.encoded()) {
                bytes.add(b);
            }
            for (int i = 0; i < flat.size(); i += 3) {
                int kind = flat.get(i);
                int where = bytes.isEmpty() ? 0 : flat.get(i + 1) % bytes.size();
                byte value = (byte) (int) flat.get(i + 2);
                if (kind == 0 && !bytes.isEmpty()) {
                    bytes.set(where, value);
                } else if (kind == 1 && !bytes.isEmpty()) {
                    bytes.subList(where, bytes.size()).clear();
                } else {
                    bytes.add(where, value);
                }
            }
            byte[] out = new byte[bytes.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = bytes.get(i);
            }
            return out;
        });
    }

    @Property(tries = 200)
    void damagedEncodingsAreNotSilentlyAcceptedAsTheOriginal(@ForAll("trees") Tlv tree) {
        // Cutting the last byte off must never yield the original object.
        byte[] encoded = tree.encoded();
        byte[] cut = Arrays.copyOf(encoded, encoded.length - 1);
        try {
            assertThat(BerTlv.parse(cut)).isNotEqualTo(tree);
        } catch (TlvFormatException expected) {
            assertThat(expected.offset()).isBetween(0, cut.length);
        }
    }
}

package io.github.eid4j.apdu.tlv;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of valid tags, values and trees, weighted towards what cards really send. */
final class TlvArbitraries {
    private static final List<Integer> KNOWN_PRIMITIVE = List.of(0x04, 0x80, 0x83, 0x84, 0x8C, 0x5F01, 0x5F20, 0x5F37,
            0x9F7F, 0xDF21, 0xDF818101);
    private static final List<Integer> KNOWN_CONSTRUCTED = List.of(0x30, 0x62, 0x6F, 0xA0, 0xA5, 0x7F21, 0x7F49,
            0x7F4E, 0xBF0C);

    private TlvArbitraries() {
    }

    static Arbitrary<Integer> tags(boolean constructed) {
        int constructedBit = constructed ? 0x20 : 0;
        Arbitrary<Integer> classBits = Arbitraries.of(0x00, 0x40, 0x80, 0xC0);
        Arbitrary<Integer> oneByte = Combinators.combine(classBits, Arbitraries.integers().between(0, 30))
                .as((cls, number) -> cls | constructedBit | number)
                .filter(tag -> tag != 0x00);
        Arbitrary<Integer> multiByte = Combinators.combine(classBits, Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(0, 0x7F).list().ofSize(3))
                .as((cls, subsequent, numbers) -> {
                    int tag = cls | constructedBit | 0x1F;
                    for (int i = 0; i < subsequent; i++) {
                        int b = numbers.get(i);
                        if (i < subsequent - 1) {
                            b |= 0x80;
                            if (i == 0 && b == 0x80) {
                                b = 0x81; // 80 first would be a non-minimal tag
                            }
                        }
                        tag = (tag << 8) | b;
                    }
                    return tag;
                })
                .filter(tag -> Tags.firstByte(tag) != 0xFF);
        Arbitrary<Integer> known = Arbitraries.of(constructed ? KNOWN_CONSTRUCTED : KNOWN_PRIMITIVE);
        return Arbitraries.frequencyOf(List.of(Tuple.of(2, known), Tuple.of(2, oneByte), Tuple.of(2, multiByte)));
    }

    /** Mostly short values; sometimes long-form lengths (81, 82), rarely three length bytes (83). */
    static Arbitrary<byte[]> values() {
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(60, small),
                Tuple.of(6, filled(120, 300)),
                Tuple.of(1, filled(65_530, 65_540))));
    }

    /**
     * Random bytes of a size in [min, max], filled from a seed: generating large arrays element by
     * element would make the suite slow, and their content does not matter to the parser.
     */
    static Arbitrary<byte[]> filled(int min, int max) {
        return Combinators.combine(Arbitraries.integers().between(min, max), Arbitraries.longs())
                .as((size, seed) -> {
                    byte[] bytes = new byte[size];
                    new Random(seed).nextBytes(bytes);
                    return bytes;
                });
    }

    /** Trees of up to {@code levels} levels with a few children per template. */
    static Arbitrary<Tlv> trees(int levels) {
        Arbitrary<Tlv> primitive = Combinators.combine(tags(false), values()).as(Tlv::primitive);
        if (levels <= 1) {
            return primitive;
        }
        Arbitrary<Tlv> constructed = Combinators.combine(tags(true),
                        Arbitraries.lazy(() -> trees(levels - 1)).list().ofMaxSize(4))
                .as(Tlv::constructed);
        return Arbitraries.frequencyOf(List.of(Tuple.of(3, primitive), Tuple.of(2, constructed)));
    }

    /** Bushy trees, sometimes wrapped in a chain of templates up to the depth limit. */
    static Arbitrary<Tlv> anyTree() {
        Arbitrary<Tlv> chained = Combinators.combine(trees(4), tags(true).list().ofMaxSize(BerTlv.MAX_DEPTH - 4))
                .as((tree, wrappers) -> {
                    Tlv tlv = tree;
                    for (int tag : wrappers) {
                        tlv = Tlv.constructed(tag, tlv);
                    }
                    return tlv;
                });
        return Arbitraries.frequencyOf(List.of(Tuple.of(4, trees(5)), Tuple.of(1, chained)));
    }
}

package io.github.eid4j.apdu.tlv;

import static io.github.eid4j.apdu.tlv.BerTlvTest.assertMalformed;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TlvWriterTest {

    @Test
    void writesNestedTemplates() {
        byte[] bytes = new TlvWriter()
                .constructed(0xA0, pin -> pin
                        .primitive(0x83, new byte[] {0x11})
                        .primitive(0x8C, Hex.decode("F0 00 00 00"))
                        .primitive(0x9C, Hex.decode("F0 00 00 00"))
                        .primitive(0xDF21, Hex.decode("05 FF A5 03"))
                        .primitive(0xDF27, Hex.decode("FF FF"))
                        .primitive(0xDF28, new byte[] {0x0C})
                        .primitive(0xDF2F, new byte[] {0x01}))
                .toByteArray();

        assertThat(Hex.spaced(bytes)).isEqualTo("A0 23 83 01 11 8C 04 F0 00 00 00 9C 04 F0 00 00 00"
                + " DF 21 04 05 FF A5 03 DF 27 02 FF FF DF 28 01 0C DF 2F 01 01");
    }

    @Test
    void writesSequencesAndAddsBuiltObjects() {
        Tlv aid = Tlv.primitive(0x4F, Hex.decode("A0 00 00 00 63"));
        TlvWriter writer = new TlvWriter()
                .add(aid)
                .constructed(0x61, app -> app.add(aid).constructed(0x73, empty -> { }));

        assertThat(Hex.plain(writer.toByteArray())).isEqualTo("4F05A000000063" + "6109" + "4F05A000000063" + "7300");
        assertThat(writer.size()).isEqualTo(18);
        assertThat(BerTlv.parseAll(writer.toByteArray())).extracting(Tlv::tag).containsExactly(0x4F, 0x61);
    }

    @Test
    void writesLongTemplatesWithMinimalLengths() {
        byte[] bytes = new TlvWriter()
                .constructed(0x7F21, cert -> cert.primitive(0x5F37, new byte[300]))
                .toByteArray();
        // Content: 5F37 82 012C and 300 bytes, 305 (0131) in all.
        assertThat(Hex.plain(java.util.Arrays.copyOf(bytes, 10))).isEqualTo("7F21820131" + "5F3782012C");
        assertThat(bytes).hasSize(5 + 305);
    }

    @Test
    void rejectsTagsThatDoNotMatchTheMethod() {
        assertMalformed(() -> new TlvWriter().primitive(0x7F49, new byte[0]), -1,
                "Tag 7F49 is constructed, so write it with constructed(tag, content).");
        assertMalformed(() -> new TlvWriter().constructed(0x5F20, w -> { }), -1,
                "Tag 5F20 is primitive, so write it with primitive(tag, value).");
        assertMalformed(() -> new TlvWriter().primitive(0x9F81, new byte[0]), -1,
                "Tag 9F81 is incomplete: its last byte 81 has bit 8 set, which announces another tag byte.");
    }

    @Test
    void boundsTheDepthSoThatTheOutputParses() {
        assertThat(BerTlv.parse(nest(BerTlv.MAX_DEPTH - 1, w -> w.primitive(0x04, new byte[0]))).tag()).isEqualTo(0x30);
        assertMalformed(() -> nest(BerTlv.MAX_DEPTH, w -> w.primitive(0x04, new byte[0])), -1,
                "Tag 04 here would nest 33 levels deep; at most 32 levels are allowed.");

        Tlv threeLevels = Tlv.constructed(0x30, Tlv.constructed(0x30, Tlv.primitive(0x04, new byte[0])));
        assertThat(BerTlv.parse(nest(BerTlv.MAX_DEPTH - 3, w -> w.add(threeLevels)))).isNotNull();
        assertMalformed(() -> nest(BerTlv.MAX_DEPTH - 2, w -> w.add(threeLevels)), -1,
                "Tag 30 here would nest 33 levels deep; at most 32 levels are allowed.");
    }

    /** {@code levels} templates 30 around what {@code innermost} writes. */
    private static byte[] nest(int levels, Consumer<TlvWriter> innermost) {
        Consumer<TlvWriter> content = innermost;
        for (int i = 0; i < levels; i++) {
            Consumer<TlvWriter> inside = content;
            content = w -> w.constructed(0x30, inside);
        }
        TlvWriter writer = new TlvWriter();
        content.accept(writer);
        return writer.toByteArray();
    }
}

package io.github.eid4j.apdu.tlv;

import static io.github.eid4j.apdu.tlv.BerTlvTest.assertMalformed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlvTest {
    private static final Tlv PIN_INFO = BerTlv.parse(Hex.decode(
            "A0 0F 83 01 11 83 01 12 A5 07 83 01 13 DF 21 01 05"));

    @Test
    void buildsTheSameBytesAsItParses() {
        Tlv built = Tlv.constructed(0xA0,
                Tlv.primitive(0x83, new byte[] {0x11}),
                Tlv.primitive(0x83, new byte[] {0x12}),
                Tlv.constructed(0xA5, Tlv.primitive(0x83, new byte[] {0x13}), Tlv.primitive(0xDF21, new byte[] {0x05})));

        assertThat(built).isEqualTo(PIN_INFO);
        assertThat(built.hashCode()).isEqualTo(PIN_INFO.hashCode());
        assertThat(Hex.plain(built.encoded())).isEqualTo("A00F830111830112A507830113DF210105");
    }

    @Test
    void findLooksAtDirectChildrenOnly() {
        assertThat(PIN_INFO.find(0x83).orElseThrow().value()).containsExactly(0x11);
        assertThat(PIN_INFO.find(0xDF21)).isEmpty();
        assertThat(PIN_INFO.find(0x99)).isEmpty();
        assertThat(PIN_INFO.findAll(0x83)).extracting(t -> t.value()[0]).containsExactly((byte) 0x11, (byte) 0x12);
        assertThat(PIN_INFO.findAll(0x99)).isEmpty();
    }

    @Test
    void findPathFollowsTheFirstChildWithEachTag() {
        assertThat(PIN_INFO.findPath(0xA5, 0xDF21).orElseThrow().value()).containsExactly(0x05);
        assertThat(PIN_INFO.findPath(0xA5, 0x83).orElseThrow().value()).containsExactly(0x13);
        assertThat(PIN_INFO.findPath(0x83).orElseThrow().value()).containsExactly(0x11);
        assertThat(PIN_INFO.findPath(0xA5, 0x99)).isEmpty();
        assertThat(PIN_INFO.findPath(0x83, 0x83)).isEmpty(); // a primitive has no children
        assertThat(Tlv.findPath(List.of(PIN_INFO), 0xA0, 0xA5, 0xDF21).orElseThrow().value()).containsExactly(0x05);
        assertThat(Tlv.findPath(List.of(), 0xA0)).isEmpty();
        assertThatThrownBy(() -> PIN_INFO.findPath()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A tag path needs at least one tag.");
    }

    @Test
    void aPrimitiveHasNoChildren() {
        Tlv name = Tlv.primitive(0x5F20, "MEIKÄLÄINEN".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(name.children()).isEmpty();
        assertThat(name.find(0x83)).isEmpty();
        assertThat(name.isConstructed()).isFalse();
        assertThat(name.tagClass()).isEqualTo(TagClass.APPLICATION);
    }

    @Test
    void isImmutable() {
        byte[] value = {1, 2, 3};
        Tlv tlv = Tlv.primitive(0x04, value);
        value[0] = 9;
        tlv.value()[1] = 9;
        tlv.encoded()[4] = 9;
        assertThat(tlv.value()).containsExactly(1, 2, 3);

        List<Tlv> children = new ArrayList<>(List.of(tlv));
        Tlv template = Tlv.constructed(0x30, children);
        children.clear();
        assertThat(template.children()).containsExactly(tlv);
        assertThatThrownBy(() -> template.children().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> PIN_INFO.children().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> PIN_INFO.findAll(0x83).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalityIsTagAndValue() {
        assertThat(Tlv.primitive(0x04, new byte[] {1})).isEqualTo(Tlv.primitive(0x04, new byte[] {1}))
                .isNotEqualTo(Tlv.primitive(0x04, new byte[] {2}))
                .isNotEqualTo(Tlv.primitive(0x84, new byte[] {1}));
        // A child parsed out of a larger input equals the same object built on its own.
        assertThat(PIN_INFO.findPath(0xA5, 0x83).orElseThrow()).isEqualTo(Tlv.primitive(0x83, new byte[] {0x13}))
                .hasSameHashCodeAs(Tlv.primitive(0x83, new byte[] {0x13}));
    }

    @Test
    void ofParsesAConstructedValueStrictly() {
        Tlv fcp = Tlv.of(0x62, Hex.decode("82 01 38 83 02 3F 00"));
        assertThat(fcp.children()).extracting(Tlv::tag).containsExactly(0x82, 0x83);
        assertThat(Tlv.of(0x83, Hex.decode("3F 00"))).isEqualTo(Tlv.primitive(0x83, Hex.decode("3F 00")));

        assertMalformed(() -> Tlv.of(0x62, Hex.decode("82 01 38 83 05 3F 00")), 3,
                "The length of tag 83 at offset 3 says 5 bytes, but only 2 remain in the value of tag 62.");
        assertMalformed(() -> Tlv.of(0x62, Hex.decode("82 01 38 00")), 3,
                "Byte 00 at offset 3 cannot start a tag, because 00 and FF are padding;"
                        + " parse with Padding.SKIP if the card pads between objects.");
    }

    @Test
    void factoriesCheckTheTag() {
        assertMalformed(() -> Tlv.primitive(0xA0, new byte[0]), -1,
                "Tag A0 is constructed, so its value must be built from children with Tlv.constructed or Tlv.of.");
        assertMalformed(() -> Tlv.constructed(0x83), -1,
                "Tag 83 is primitive, so it cannot hold children; build it with Tlv.primitive.");
        assertMalformed(() -> Tlv.primitive(0x5F, new byte[0]), -1,
                "Tag 5F is incomplete: its low five bits 11111 announce a subsequent tag byte.");
        assertMalformed(() -> Tlv.of(0x00, new byte[0]), -1,
                "Tag 00 is not allowed: ISO 7816-4 reserves a first tag byte of 00 or FF for padding.");
    }

    @Test
    void constructedBoundsTheDepthLikeTheParser() {
        Tlv tlv = Tlv.primitive(0x04, new byte[0]);
        for (int i = 1; i < BerTlv.MAX_DEPTH; i++) {
            tlv = Tlv.constructed(0x30, tlv);
        }
        assertThat(BerTlv.parse(tlv.encoded())).isEqualTo(tlv);
        Tlv deepest = tlv;
        assertMalformed(() -> Tlv.constructed(0x30, deepest), -1,
                "Tag 30 with these children would nest 33 levels deep; at most 32 levels are allowed.");
    }

    @Test
    void toStringNeverShowsTheValue() {
        Tlv pin = Tlv.primitive(0x99, "123456".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(pin).hasToString("99 (6 bytes)");
        assertThat(Tlv.primitive(0x84, new byte[] {0x31})).hasToString("84 (1 byte)");
        assertThat(PIN_INFO).hasToString("A0 (15 bytes, 3 children)");
        assertThat(Tlv.constructed(0xA5, pin)).hasToString("A5 (8 bytes, 1 child)");
    }
}

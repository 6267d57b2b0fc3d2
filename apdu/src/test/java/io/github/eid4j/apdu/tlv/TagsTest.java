package io.github.eid4j.apdu.tlv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagsTest {

    @Test
    void classAndConstructedBitComeFromTheFirstByte() {
        assertThat(Tags.tagClass(0x04)).isEqualTo(TagClass.UNIVERSAL);
        assertThat(Tags.tagClass(0x5F20)).isEqualTo(TagClass.APPLICATION);
        assertThat(Tags.tagClass(0x7F49)).isEqualTo(TagClass.APPLICATION);
        assertThat(Tags.tagClass(0xA0)).isEqualTo(TagClass.CONTEXT_SPECIFIC);
        assertThat(Tags.tagClass(0x9F7F)).isEqualTo(TagClass.CONTEXT_SPECIFIC);
        assertThat(Tags.tagClass(0xDF21)).isEqualTo(TagClass.PRIVATE);
        assertThat(Tags.tagClass(0xDF818101)).isEqualTo(TagClass.PRIVATE);

        assertThat(Tags.isConstructed(0x30)).isTrue();
        assertThat(Tags.isConstructed(0x62)).isTrue();
        assertThat(Tags.isConstructed(0x7F49)).isTrue();
        assertThat(Tags.isConstructed(0xFF20)).isTrue();
        assertThat(Tags.isConstructed(0x5F20)).isFalse();
        assertThat(Tags.isConstructed(0xDF21)).isFalse();
        assertThat(Tags.isConstructed(0x83)).isFalse();
    }

    @Test
    void byteCountAndHexTreatFourByteTagsAsUnsigned() {
        assertThat(Tags.byteCount(0x84)).isEqualTo(1);
        assertThat(Tags.byteCount(0x5F20)).isEqualTo(2);
        assertThat(Tags.byteCount(0x5F8101)).isEqualTo(3);
        assertThat(Tags.byteCount(0xDF818101)).isEqualTo(4);
        assertThat(Tags.firstByte(0xDF818101)).isEqualTo(0xDF);
        assertThat(Tags.toHex(0x84)).isEqualTo("84");
        assertThat(Tags.toHex(0x5F01)).isEqualTo("5F01");
        assertThat(Tags.toHex(0xDF818101)).isEqualTo("DF818101");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x04, 0x30, 0x62, 0x83, 0xA0, 0xFE, 0x1F1F, 0x5F00, 0x5F01, 0x5F1F, 0x5F20, 0x7F49,
        0x9F7F, 0xDF21, 0x5F8101, 0xDF818101, 0xBF7F})
    void acceptsValidTags(int tag) {
        assertThat(Tags.isValid(tag)).isTrue();
        assertThat(Tags.requireValid(tag)).isEqualTo(tag);
    }

    @Test
    void explainsWhyATagIsInvalid() {
        assertInvalid(0x00, "Tag 00 is not allowed: ISO 7816-4 reserves a first tag byte of 00 or FF for padding.");
        assertInvalid(0xFF20, "Tag FF20 is not allowed: ISO 7816-4 reserves a first tag byte of 00 or FF for padding.");
        assertInvalid(0x5F, "Tag 5F is incomplete: its low five bits 11111 announce a subsequent tag byte.");
        assertInvalid(0x8301, "Tag 8301 is not one tag: its first byte 83 does not announce subsequent tag bytes.");
        assertInvalid(0x5F8001, "Tag 5F8001 is not minimally encoded: its first subsequent byte is 80.");
        assertInvalid(0x5F81, "Tag 5F81 is incomplete: its last byte 81 has bit 8 set, which announces another tag byte.");
        assertInvalid(0x5F0101, "Tag 5F0101 is not one tag: its byte 01 ends the tag before the last byte.");
        assertInvalid(0xDF818181, "Tag DF818181 is incomplete: its last byte 81 has bit 8 set, which announces another tag byte.");
    }

    private static void assertInvalid(int tag, String message) {
        assertThat(Tags.isValid(tag)).isFalse();
        assertThatThrownBy(() -> Tags.requireValid(tag))
                .isInstanceOf(TlvFormatException.class)
                .hasMessage(message)
                .extracting(e -> ((TlvFormatException) e).offset()).isEqualTo(-1);
    }
}

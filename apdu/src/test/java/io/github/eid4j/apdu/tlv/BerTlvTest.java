package io.github.eid4j.apdu.tlv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.ApduFormatException;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.tlv.BerTlv.Padding;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BerTlvTest {
    private static final String FINEID_PIN_INFO = "A0 23 83 01 11 8C 04 F0 00 00 00 9C 04 F0 00 00 00"
            + " DF 21 04 05 FF A5 03 DF 27 02 FF FF DF 28 01 0C DF 2F 01 01";

    @Test
    void findsNestedValuesInAFineidPinInfoAnswer() {
        byte[] bytes = Hex.decode(FINEID_PIN_INFO);
        List<Tlv> objects = BerTlv.parseAll(bytes);

        assertThat(objects).hasSize(1);
        assertThat(Tlv.findPath(objects, 0xA0, 0xDF21).orElseThrow().value()).isEqualTo(Hex.decode("05 FF A5 03"));
        Tlv template = objects.get(0);
        assertThat(template.tag()).isEqualTo(0xA0);
        assertThat(template.length()).isEqualTo(0x23);
        assertThat(template.children()).extracting(Tlv::tag)
                .containsExactly(0x83, 0x8C, 0x9C, 0xDF21, 0xDF27, 0xDF28, 0xDF2F);
        assertThat(template.find(0x83).orElseThrow().value()).containsExactly(0x11);
        assertThat(template.find(0xDF27).orElseThrow().value()).isEqualTo(Hex.decode("FF FF"));
        assertThat(template.find(0xDF2F).orElseThrow().value()).containsExactly(0x01);
        assertThat(template.encoded()).isEqualTo(bytes);
        assertThat(BerTlv.parse(bytes)).isEqualTo(template);
    }

    @Test
    void readsAnFcp() {
        byte[] bytes = Hex.decode("62 04 81 02 04 3F");
        Tlv fcp = BerTlv.parse(bytes);

        assertThat(fcp.tagClass()).isEqualTo(TagClass.APPLICATION);
        assertThat(fcp.isConstructed()).isTrue();
        Tlv size = fcp.find(0x81).orElseThrow();
        assertThat(size.isConstructed()).isFalse();
        assertThat(size.value()).isEqualTo(Hex.decode("04 3F"));
        assertThat(fcp.encoded()).isEqualTo(bytes);
    }

    @Test
    void readsMultiByteTags() {
        byte[] bytes = Hex.decode("7F 49 0B 86 01 04 5F 20 02 41 42 9F 7F 00 DF 81 81 01 01 07");
        List<Tlv> objects = BerTlv.parseAll(bytes);

        assertThat(objects).extracting(Tlv::tag).containsExactly(0x7F49, 0xDF818101);
        Tlv key = objects.get(0);
        assertThat(key.children()).extracting(Tlv::tag).containsExactly(0x86, 0x5F20, 0x9F7F);
        assertThat(key.find(0x5F20).orElseThrow().value()).isEqualTo("AB".getBytes());
        assertThat(key.find(0x9F7F).orElseThrow().length()).isZero();
        assertThat(objects.get(1).value()).containsExactly(0x07);
        assertThat(concat(objects)).isEqualTo(bytes);
    }

    @Test
    void acceptsPassportTagsWithSmallTagNumbers() {
        Tlv lds = BerTlv.parse(Hex.decode("5F 01 04 30 31 30 37"));
        assertThat(lds.tag()).isEqualTo(0x5F01);
        assertThat(lds.value()).isEqualTo("0107".getBytes());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 255, 256, 65535, 65536, 0x1000000})
    void writesMinimalLengthsAndReadsThemBack(int length) {
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++) {
            value[i] = (byte) (i * 7 + 3);
        }
        Tlv tlv = Tlv.primitive(0x5F20, value);
        byte[] encoded = tlv.encoded();

        String expectedLength;
        if (length < 128) {
            expectedLength = String.format("%02X", length);
        } else if (length <= 0xFF) {
            expectedLength = String.format("81%02X", length);
        } else if (length <= 0xFFFF) {
            expectedLength = String.format("82%04X", length);
        } else if (length <= 0xFFFFFF) {
            expectedLength = String.format("83%06X", length);
        } else {
            expectedLength = String.format("84%08X", length);
        }
        assertThat(Hex.plain(Arrays.copyOf(encoded, 2 + expectedLength.length() / 2))).isEqualTo("5F20" + expectedLength);
        assertThat(encoded).hasSize(2 + expectedLength.length() / 2 + length);
        Tlv parsed = BerTlv.parse(encoded);
        assertThat(parsed).isEqualTo(tlv);
        assertThat(parsed.value()).isEqualTo(value);
    }

    @Test
    void writesTheLengthsOfTheExampleSizes() {
        assertThat(Hex.plain(Arrays.copyOf(Tlv.primitive(0x04, new byte[128]).encoded(), 3))).isEqualTo("048180");
        assertThat(Hex.plain(Arrays.copyOf(Tlv.primitive(0x04, new byte[255]).encoded(), 3))).isEqualTo("0481FF");
        assertThat(Hex.plain(Arrays.copyOf(Tlv.primitive(0x04, new byte[256]).encoded(), 4))).isEqualTo("04820100");
        assertThat(Hex.plain(Arrays.copyOf(Tlv.primitive(0x04, new byte[65536]).encoded(), 5))).isEqualTo("0483010000");
    }

    @Test
    void acceptsNonMinimalLengthsButWritesMinimalOnes() {
        assertThat(Hex.plain(BerTlv.parse(Hex.decode("83 81 01 AA")).encoded())).isEqualTo("8301AA");
        assertThat(Hex.plain(BerTlv.parse(Hex.decode("83 82 00 01 AA")).encoded())).isEqualTo("8301AA");
        assertThat(Hex.plain(BerTlv.parse(Hex.decode("83 83 00 00 01 AA")).encoded())).isEqualTo("8301AA");
        assertThat(Hex.plain(BerTlv.parse(Hex.decode("83 84 00 00 00 01 AA")).encoded())).isEqualTo("8301AA");
        assertThat(BerTlv.parse(Hex.decode("83 84 00 00 00 00")).length()).isZero();
    }

    @Test
    void keepsTheValueOfATemplateAsReceived() {
        // A MAC or signature covers the card's bytes, so a child's non-minimal length stays in the parent's value.
        Tlv template = BerTlv.parse(Hex.decode("A0 04 83 81 01 AA"));
        assertThat(Hex.plain(template.value())).isEqualTo("838101AA");
        assertThat(Hex.plain(template.encoded())).isEqualTo("A004838101AA");
        assertThat(Hex.plain(template.find(0x83).orElseThrow().encoded())).isEqualTo("8301AA");
        assertThat(template).isNotEqualTo(Tlv.constructed(0xA0, Tlv.primitive(0x83, new byte[] {(byte) 0xAA})));
    }

    @Test
    void parseAllOfNothingIsAnEmptySequence() {
        assertThat(BerTlv.parseAll(new byte[0])).isEmpty();
        assertThat(BerTlv.parseAll(new byte[0], Padding.SKIP)).isEmpty();
        assertThat(BerTlv.parseAll(Hex.decode("00 FF 00"), Padding.SKIP)).isEmpty();
    }

    @Test
    void anEmptyTemplateHasNoChildren() {
        Tlv empty = BerTlv.parse(Hex.decode("A5 00"));
        assertThat(empty.children()).isEmpty();
        assertThat(empty.isConstructed()).isTrue();
    }

    @Test
    void aPrimitiveValueIsNotParsedEvenIfItLooksMalformed() {
        assertThat(BerTlv.parse(Hex.decode("04 03 5F 84 FF")).children()).isEmpty();
    }

    @Test
    void skipsPaddingBetweenBeforeAndAfterObjectsOnlyWhenAsked() {
        byte[] padded = Hex.decode("00 FF 83 01 11 00 00 A0 05 FF 84 01 22 00 FF FF");

        List<Tlv> objects = BerTlv.parseAll(padded, Padding.SKIP);

        assertThat(objects).extracting(Tlv::tag).containsExactly(0x83, 0xA0);
        assertThat(objects.get(1).children()).extracting(Tlv::tag).containsExactly(0x84);
        assertThat(objects.get(1).find(0x84).orElseThrow().value()).containsExactly(0x22);
        // The template's value is kept as received, padding included.
        assertThat(Hex.plain(objects.get(1).value())).isEqualTo("FF84012200");
        assertMalformed(() -> BerTlv.parseAll(padded), 0,
                "Byte 00 at offset 0 cannot start a tag, because 00 and FF are padding;"
                        + " parse with Padding.SKIP if the card pads between objects.");
        assertThat(BerTlv.parse(Hex.decode("FF 83 01 11 00 00"), Padding.SKIP).value()).containsExactly(0x11);
    }

    @Test
    void paddingInsideATemplateIsRejectedByDefault() {
        assertMalformed(() -> BerTlv.parse(Hex.decode("A0 04 83 01 01 FF")), 5,
                "Byte FF at offset 5 cannot start a tag, because 00 and FF are padding;"
                        + " parse with Padding.SKIP if the card pads between objects.");
    }

    @Test
    void parseWantsExactlyOneObject() {
        assertMalformed(() -> BerTlv.parse(Hex.decode("83 01 11 84 00")), 3,
                "Tag 83 at offset 0 ends at offset 3, but 2 more bytes follow;"
                        + " parse expects exactly one object (parseAll reads a sequence).");
        assertMalformed(() -> BerTlv.parse(new byte[0]), 0, "There is no BER-TLV object, because the input is empty.");
        assertMalformed(() -> BerTlv.parse(Hex.decode("00 FF"), Padding.SKIP), 2,
                "There is no BER-TLV object, because the input holds only padding.");
        assertMalformed(() -> BerTlv.parse(null), 0, "No BER-TLV bytes were given.");
        assertMalformed(() -> BerTlv.parseAll(null), 0, "No BER-TLV bytes were given.");
    }

    @Test
    void rejectsATruncatedTag() {
        assertMalformed(() -> BerTlv.parseAll(Hex.decode("83 01 11 5F")), 3,
                "The tag at offset 3 is cut off after 5F, which announces another tag byte, but the input ends.");
        assertMalformed(() -> BerTlv.parseAll(Hex.decode("DF 81")), 0,
                "The tag at offset 0 is cut off after DF 81, which announces another tag byte, but the input ends.");
        assertMalformed(() -> BerTlv.parseAll(Hex.decode("A0 01 7F")), 2,
                "The tag at offset 2 is cut off after 7F, which announces another tag byte,"
                        + " but the value of tag A0 at offset 0 ends.");
    }

    @Test
    void rejectsANonMinimalTag() {
        assertMalformed(() -> BerTlv.parse(Hex.decode("5F 80 20 01 00")), 0,
                "The tag at offset 0 is not minimally encoded: after 5F its first subsequent byte is 80.");
    }

    @Test
    void rejectsTagsLongerThanFourBytes() {
        assertThat(BerTlv.parse(Hex.decode("DF 81 81 01 00")).tag()).isEqualTo(0xDF818101);
        assertMalformed(() -> BerTlv.parse(Hex.decode("DF 81 81 81 01 00")), 0,
                "The tag at offset 0 (DF 81 81 81 …) is longer than the 4 bytes this parser accepts.");
        assertMalformed(() -> BerTlv.parse(Hex.decode("DF 81 81 81")), 0,
                "The tag at offset 0 (DF 81 81 81 …) is longer than the 4 bytes this parser accepts.");
    }

    @Test
    void rejectsAMissingOrTruncatedLength() {
        assertMalformed(() -> BerTlv.parse(Hex.decode("5F 20")), 0,
                "Tag 5F20 at offset 0 has no length, because the input ends after the tag.");
        assertMalformed(() -> BerTlv.parse(Hex.decode("A0 02 5F 20")), 2,
                "Tag 5F20 at offset 2 has no length, because the value of tag A0 at offset 0 ends after the tag.");
        assertMalformed(() -> BerTlv.parse(Hex.decode("5F 20 82 01")), 0,
                "The length of tag 5F20 at offset 0 needs 2 bytes after 82, but only 1 remains in the input.");
        assertMalformed(() -> BerTlv.parse(Hex.decode("5F 20 84")), 0,
                "The length of tag 5F20 at offset 0 needs 4 bytes after 84, but only 0 remain in the input.");
    }

    @Test
    void rejectsATruncatedValue() {
        assertMalformed(() -> BerTlv.parseAll(Hex.decode("84 01 00 5F 20 81 C8 00 01 02 03 04 05 06 07 08 09 0A 0B")), 3,
                "The length of tag 5F20 at offset 3 says 200 bytes, but only 12 remain.");
        assertMalformed(() -> BerTlv.parse(Hex.decode("83 01")), 0,
                "The length of tag 83 at offset 0 says 1 byte, but only 0 remain.");
    }

    @Test
    void rejectsTheIndefiniteLength() {
        assertMalformed(() -> BerTlv.parse(Hex.decode("A0 80 83 01 01 00 00")), 0,
                "Tag A0 at offset 0 has the indefinite length 80, which BER-TLV on smart cards (ISO 7816-4) does not allow.");
    }

    @Test
    void rejectsHugeLengthsWithoutAllocating() {
        assertMalformed(() -> BerTlv.parse(Hex.decode("04 84 FF FF FF FF")), 0,
                "The length of tag 04 at offset 0 says 4294967295 bytes, but only 0 remain.");
        assertMalformed(() -> BerTlv.parse(Hex.decode("04 84 7F FF FF FF 01 02")), 0,
                "The length of tag 04 at offset 0 says 2147483647 bytes, but only 2 remain.");
        assertMalformed(() -> BerTlv.parse(Hex.decode("04 84 80 00 00 00")), 0,
                "The length of tag 04 at offset 0 says 2147483648 bytes, but only 0 remain.");
        assertMalformed(() -> BerTlv.parse(Hex.decode("A0 84 FF FF FF FF 04 00")), 0,
                "The length of tag A0 at offset 0 says 4294967295 bytes, but only 2 remain.");
    }

    @Test
    void rejectsEveryLengthOfLengthFrom85() {
        for (int b = 0x85; b <= 0xFF; b++) {
            byte[] bytes = new byte[3 + 130];
            bytes[0] = 0x04;
            bytes[1] = (byte) b;
            int lengthBytes = b & 0x7F;
            assertMalformed(() -> BerTlv.parse(bytes), 0, String.format(
                    "Tag 04 at offset 0 has the length byte %02X, which announces %d length bytes; at most 4 (84) are allowed.",
                    b, lengthBytes));
        }
    }

    @Test
    void boundsTheNestingDepth() {
        byte[] deepest = nested(BerTlv.MAX_DEPTH);
        Tlv tlv = BerTlv.parse(deepest);
        int levels = 1;
        while (!tlv.children().isEmpty()) {
            tlv = tlv.children().get(0);
            levels++;
        }
        assertThat(levels).isEqualTo(BerTlv.MAX_DEPTH);

        // 33 levels: 32 templates around one primitive, which starts at offset 2 × 32.
        assertMalformed(() -> BerTlv.parse(nested(BerTlv.MAX_DEPTH + 1)), 64,
                "Tag 04 at offset 64 is nested 33 levels deep; at most 32 levels are allowed.");
    }

    @Test
    void hostileDeepNestingIsAnErrorNotAStackOverflow() {
        byte[] bytes = {0x04, 0x00};
        for (int i = 0; i < 3000; i++) {
            bytes = wrap(0xA0, bytes);
        }
        byte[] hostile = bytes;
        assertThatThrownBy(() -> BerTlv.parse(hostile))
                .isExactlyInstanceOf(TlvFormatException.class)
                .hasMessageEndingWith(" is nested 33 levels deep; at most 32 levels are allowed.");
    }

    @Test
    void rejectsATemplateWhoseChildrenAreMalformed() {
        assertMalformed(() -> BerTlv.parse(Hex.decode("A0 03 83 05 01")), 2,
                "The length of tag 83 at offset 2 says 5 bytes, but only 1 remains in the value of tag A0 at offset 0.");
        assertMalformed(() -> BerTlv.parse(Hex.decode("E1 06 A0 04 83 01 01 85")), 7,
                "Tag 85 at offset 7 has no length, because the value of tag A0 at offset 2 ends after the tag.");
        assertMalformed(() -> BerTlv.parse(Hex.decode("62 03 80 80 00")), 2,
                "Tag 80 at offset 2 has the indefinite length 80, which BER-TLV on smart cards (ISO 7816-4) does not allow.");
        // A child that would fit in the input but not in its parent's value.
        assertMalformed(() -> BerTlv.parseAll(Hex.decode("A0 02 83 02 01 02")), 2,
                "The length of tag 83 at offset 2 says 2 bytes, but only 0 remain in the value of tag A0 at offset 0.");
    }

    @Test
    void theExceptionIsAnApduFormatException() {
        assertThatThrownBy(() -> BerTlv.parse(Hex.decode("83"))).isInstanceOf(ApduFormatException.class);
    }

    @Test
    void changingTheInputAfterParsingDoesNotChangeTheObjects() {
        byte[] bytes = Hex.decode("A0 03 83 01 11");
        Tlv tlv = BerTlv.parse(bytes);
        Arrays.fill(bytes, (byte) 0);
        assertThat(Hex.plain(tlv.encoded())).isEqualTo("A003830111");
        tlv.value()[0] = 0;
        assertThat(tlv.find(0x83).orElseThrow().value()).containsExactly(0x11);
    }

    private static byte[] nested(int levels) {
        // levels - 1 templates A0 around a primitive 04 00.
        byte[] bytes = new byte[2 * levels];
        for (int i = 0; i < levels - 1; i++) {
            bytes[2 * i] = (byte) 0xA0;
            bytes[2 * i + 1] = (byte) (bytes.length - 2 * i - 2);
        }
        bytes[bytes.length - 2] = 0x04;
        bytes[bytes.length - 1] = 0x00;
        return bytes;
    }

    /** A template around {@code content}, encoded by hand so that any depth can be built. */
    private static byte[] wrap(int tag, byte[] content) {
        byte[] header = BerHeader.encode(tag, content.length);
        byte[] out = Arrays.copyOf(header, header.length + content.length);
        System.arraycopy(content, 0, out, header.length, content.length);
        return out;
    }

    private static byte[] concat(List<Tlv> objects) {
        return new TlvWriter().addAll(objects).toByteArray();
    }

    static void assertMalformed(Runnable parse, int offset, String message) {
        AbstractThrowableAssert<?, ? extends Throwable> thrown = assertThatThrownBy(parse::run);
        thrown.isExactlyInstanceOf(TlvFormatException.class).hasMessage(message);
        thrown.extracting(e -> ((TlvFormatException) e).offset()).isEqualTo(offset);
    }
}

package io.github.eid4j.apdu.tlv;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * BER-TLV from a card (FCPs, PIN-info templates, PKCS#15 files, GET DATA answers): the bytes
 * parse into objects that encode and parse back to themselves, or they are refused with
 * {@link TlvFormatException}, whatever the nesting, lengths or padding.
 */
class BerTlvFuzzTest {

    @FuzzTest
    void parse(FuzzedDataProvider data) {
        BerTlv.Padding padding = data.consumeBoolean() ? BerTlv.Padding.SKIP : BerTlv.Padding.REJECT;
        byte[] bytes = data.consumeRemainingAsBytes();
        List<Tlv> objects;
        try {
            objects = BerTlv.parseAll(bytes, padding);
        } catch (TlvFormatException refused) {
            return;
        }
        int encodedSize = 0;
        for (Tlv object : objects) {
            check(object, padding, 1);
            encodedSize += object.encodedLength();
        }
        // Minimal length fields never make the whole longer than what was received.
        assertThat(encodedSize).isLessThanOrEqualTo(bytes.length);
        if (objects.size() == 1) {
            assertThat(BerTlv.parse(bytes, padding)).isEqualTo(objects.get(0));
        }
    }

    private static void check(Tlv object, BerTlv.Padding padding, int depth) {
        assertThat(depth).isLessThanOrEqualTo(BerTlv.MAX_DEPTH);
        assertThat(BerTlv.parse(object.encoded(), padding)).as("%s encoded and parsed again", object).isEqualTo(object);
        assertThat(object.isConstructed() || object.children().isEmpty()).isTrue();
        for (Tlv child : object.children()) {
            assertThat(object.find(child.tag())).isPresent();
            assertThat(object.findPath(child.tag())).isPresent();
            check(child, padding, depth + 1);
        }
        assertThat(object.toString()).isNotEmpty();
    }
}

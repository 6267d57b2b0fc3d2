package io.github.eid4j.card.pkcs15;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.eid4j.apdu.Hex;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * A card is untrusted input: whatever bytes it returns, every decoder must either decode them or
 * throw Pkcs15FormatException, never an exception of the ASN.1 library or of Java itself.
 */
class DecoderRobustnessPropertiesTest {
    private static final List<Consumer<byte[]>> DECODERS = List.of(
            ApplicationTemplate::decodeAll,
            ApplicationTemplate::decode,
            Odf::decode,
            TokenInfo::decode,
            Path::decode,
            AuthenticationObject::decodeAll,
            PrivateKeyObject::decodeAll,
            CertificateObject::decodeAll);

    private static final List<String> SAMPLES = List.of(
            ApplicationTemplateTest.SAMPLE, OdfTest.SAMPLE, TokenInfoTest.SAMPLE,
            AuthenticationObjectTest.PIN1, AuthenticationObjectTest.PUK,
            PrivateKeyObjectTest.RSA, PrivateKeyObjectTest.EC,
            CertificateObjectTest.AUTH_CERT, CertificateObjectTest.ROOT_CA);

    @Property(tries = 2000)
    void randomBytesDecodeOrFailCleanly(@ForAll @Size(max = 80) byte[] bytes) {
        decodeEverywhere(bytes);
    }

    @Property(tries = 3000)
    void damagedSamplesDecodeOrFailCleanly(@ForAll("damagedSamples") byte[] bytes) {
        decodeEverywhere(bytes);
    }

    @Provide
    Arbitrary<byte[]> damagedSamples() {
        Arbitrary<byte[]> sample = Arbitraries.of(SAMPLES).map(Hex::decode);
        return Combinators.combine(sample, Arbitraries.integers().between(0, 200), Arbitraries.bytes(),
                Arbitraries.integers().between(0, 2)).as((bytes, position, value, kind) -> {
                    int at = position % bytes.length;
                    switch (kind) {
                        case 0:
                            bytes[at] = value;
                            return bytes;
                        case 1:
                            return java.util.Arrays.copyOf(bytes, at);
                        default:
                            bytes[at] ^= (byte) (1 << (value & 7));
                            return bytes;
                    }
                });
    }

    private static void decodeEverywhere(byte[] bytes) {
        for (Consumer<byte[]> decoder : DECODERS) {
            assertThatCode(() -> {
                try {
                    decoder.accept(bytes.clone());
                } catch (Pkcs15FormatException expected) {
                    // the one allowed failure
                }
            }).as("decoding %s", Hex.spaced(bytes)).doesNotThrowAnyException();
        }
    }
}

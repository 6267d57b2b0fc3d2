package io.github.eid4j.card.pkcs15;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.function.Function;

/**
 * The PKCS#15 files a card holds, as the driver decodes them: any bytes either decode into a
 * structure that encodes and decodes back to itself, or are refused with
 * {@link Pkcs15FormatException}; no exception of the ASN.1 library or of Java escapes. The seeds
 * in Pkcs15FuzzTestInputs are the virtual FINEID v3 and v4 cards' own files.
 */
class Pkcs15FuzzTest {

    @FuzzTest
    void odf(byte[] efOd) {
        decodesCleanly(efOd, Odf::decode, Odf::encode);
    }

    @FuzzTest
    void tokenInfo(byte[] efTokenInfo) {
        decodesCleanly(efTokenInfo, TokenInfo::decode, TokenInfo::encode);
    }

    @FuzzTest
    void privateKeys(byte[] prkdf) {
        decodesCleanly(prkdf, PrivateKeyObject::decodeAll, PrivateKeyObject::encodeAll);
    }

    @FuzzTest
    void certificates(byte[] cdf) {
        decodesCleanly(cdf, CertificateObject::decodeAll, CertificateObject::encodeAll);
    }

    @FuzzTest
    void authenticationObjects(byte[] aodf) {
        decodesCleanly(aodf, AuthenticationObject::decodeAll, AuthenticationObject::encodeAll);
    }

    @FuzzTest
    void applications(byte[] efDir) {
        decodesCleanly(efDir, ApplicationTemplate::decodeAll, ApplicationTemplate::encodeAll);
    }

    /** Decodes or refuses; what decodes is something eid4j writes back as it understood it. */
    private static <T> void decodesCleanly(byte[] bytes, Function<byte[], T> decode, Function<T, byte[]> encode) {
        T decoded;
        try {
            decoded = decode.apply(bytes);
        } catch (Pkcs15FormatException refused) {
            return;
        }
        assertThat(decode.apply(encode.apply(decoded))).as("decoded, encoded and decoded again").isEqualTo(decoded);
    }
}

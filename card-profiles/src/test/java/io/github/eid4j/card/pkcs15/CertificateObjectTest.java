package io.github.eid4j.card.pkcs15;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateObjectTest {
    /** By hand: x509Certificate is the untagged alternative; [1] explicit around the attributes. */
    static final String AUTH_CERT = "30 20"
            + " 30 0B 0C 09 41 75 74 68 20 63 65 72 74"    // label "Auth cert"
            + " 30 03 04 01 45"                           // iD 45, authority absent (FALSE)
            + " A1 0C 30 0A 30 08 04 06 3F 00 50 15 43 31";

    /** A CA certificate: authority TRUE, and a path with index and length. */
    static final String ROOT_CA = "30 28"
            + " 30 09 0C 07 52 6F 6F 74 20 43 41"          // "Root CA"
            + " 30 06 04 01 50 01 01 FF"                   // iD 50, authority TRUE
            + " A1 13 30 11 30 0F 04 06 3F 00 50 15 43 33 02 01 00 80 02 03 00";

    static CertificateObject authCert() {
        return new CertificateObject(CommonObjectAttributes.of("Auth cert", Set.of(), null), Identifier.ofHex("45"), false,
                Path.ofHex("3F00 5015 4331"));
    }

    static CertificateObject rootCa() {
        return new CertificateObject(CommonObjectAttributes.of("Root CA", Set.of(), null), Identifier.ofHex("50"), true,
                Path.ofHex("3F00 5015 4333").withRange(0, 768));
    }

    @Test
    void decodesHandMadeCertificates() {
        List<CertificateObject> certificates = CertificateObject.decodeAll(Hex.decode(AUTH_CERT + " 00 " + ROOT_CA + " 00 00"));

        assertThat(certificates).containsExactly(authCert(), rootCa());
        assertThat(certificates.get(0).authority()).isFalse();
        assertThat(certificates.get(1).authority()).isTrue();
        assertThat(certificates.get(1).path().length()).hasValue(768);
    }

    @Test
    void encodesTheSameBytes() {
        assertThat(Hex.spaced(authCert().encode())).isEqualTo(Hex.spaced(Hex.decode(AUTH_CERT)));
        assertThat(Hex.spaced(rootCa().encode())).isEqualTo(Hex.spaced(Hex.decode(ROOT_CA)));
        assertThat(CertificateObject.encodeAll(List.of(authCert(), rootCa()))).containsExactly(Hex.decode(AUTH_CERT + ROOT_CA));
    }

    @Test
    void readsAnExplicitFalseAuthorityAndSkipsTheSubjectAfterTheValue() {
        String explicitFalse = "30 25 30 0B 0C 09 41 75 74 68 20 63 65 72 74"
                + " 30 06 04 01 45 01 01 00"                          // authority FALSE written out (BER)
                + " A1 0E 30 0C 30 08 04 06 3F 00 50 15 43 31 30 00"; // value, then an empty subject Name
        assertThat(CertificateObject.decode(Hex.decode(explicitFalse)))
                .isEqualTo(authCert());
    }

    @Test
    void rejectsWhatIsNotAnX509CertificateOnAPath() {
        // value direct [0]: the certificate inside the CDF.
        assertThatThrownBy(() -> CertificateObject.decode(Hex.decode(
                "30 13 30 00 30 03 04 01 45 A1 0A 30 08 A0 06 30 04 30 02 05 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The CDF entry holds its certificate directly or by URL, and only a Path is supported.");
        assertThatThrownBy(() -> CertificateObject.decode(Hex.decode("A2 02 30 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The CDF entry is a [2] element, and only X.509 certificates (SEQUENCE) are supported.");
        assertThatThrownBy(() -> CertificateObject.decode(Hex.decode("30 0B 30 00 30 03 04 01 45 A1 02 30 00")))
                .isInstanceOf(Pkcs15FormatException.class).hasMessage("The CDF entry has no certificate value.");
        assertThatThrownBy(() -> CertificateObject.decode(Hex.decode("30 07 30 00 30 03 04 01 45")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The CDF entry has nothing where its typeAttributes [1] should be.");
    }
}

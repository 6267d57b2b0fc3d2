package io.github.eid4j.card.pkcs15;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import org.junit.jupiter.api.Test;

class OdfTest {
    /**
     * Written by hand from the PKCS15Objects CHOICE: each entry is a constructed context tag
     * [n] (A0 + n) holding a whole Path SEQUENCE, because PathOrObjects is an untagged CHOICE
     * and a tag on a CHOICE is explicit. Padded with 00 and FF as a fixed-size EF would be.
     */
    static final String SAMPLE = "A0 0A 30 08 04 06 3F 00 50 15 44 00"   // privateKeys [0]
            + " A4 0A 30 08 04 06 3F 00 50 15 44 04"                      // certificates [4]
            + " A5 0A 30 08 04 06 3F 00 50 15 44 05"                      // trustedCertificates [5]
            + " A8 0A 30 08 04 06 3F 00 50 15 44 08";                     // authObjects [8]

    @Test
    void decodesAHandMadeOdfWithPadding() {
        Odf odf = Odf.decode(Hex.decode(SAMPLE + " 00 00 FF FF"));

        assertThat(odf.entries()).extracting(Odf.Entry::kind).containsExactly(DirectoryKind.PRIVATE_KEYS,
                DirectoryKind.CERTIFICATES, DirectoryKind.TRUSTED_CERTIFICATES, DirectoryKind.AUTH_OBJECTS);
        assertThat(odf.path(DirectoryKind.PRIVATE_KEYS)).contains(Path.ofHex("3F00 5015 4400"));
        assertThat(odf.path(DirectoryKind.AUTH_OBJECTS)).contains(Path.ofHex("3F00 5015 4408"));
        assertThat(odf.path(DirectoryKind.PUBLIC_KEYS)).isEmpty();
    }

    @Test
    void encodesTheSameBytes() {
        Odf odf = Odf.of(
                new Odf.Entry(DirectoryKind.PRIVATE_KEYS, Path.ofHex("3F00 5015 4400")),
                new Odf.Entry(DirectoryKind.CERTIFICATES, Path.ofHex("3F00 5015 4404")),
                new Odf.Entry(DirectoryKind.TRUSTED_CERTIFICATES, Path.ofHex("3F00 5015 4405")),
                new Odf.Entry(DirectoryKind.AUTH_OBJECTS, Path.ofHex("3F00 5015 4408")));

        assertThat(Hex.spaced(odf.encode())).isEqualTo(SAMPLE);
        assertThat(Odf.decode(odf.encode())).isEqualTo(odf);
    }

    @Test
    void roundTripsEveryKindAndARangedPath() {
        Odf odf = Odf.of(java.util.Arrays.stream(DirectoryKind.values())
                .map(kind -> new Odf.Entry(kind, Path.ofHex("50" + String.format("%02X", kind.tag())).withRange(0, 512)))
                .toList());

        assertThat(Odf.decode(odf.encode())).isEqualTo(odf);
        assertThat(odf.encode()[0]).isEqualTo((byte) 0xA0);
        assertThat(odf.paths(DirectoryKind.DATA_OBJECTS)).containsExactly(Path.ofHex("5007").withRange(0, 512));
    }

    @Test
    void emptyFileHasNoEntries() {
        assertThat(Odf.decode(new byte[0]).entries()).isEmpty();
        assertThat(Odf.decode(Hex.decode("FF FF FF")).entries()).isEmpty();
    }

    @Test
    void rejectsWhatIsNotAPathReference() {
        assertThatThrownBy(() -> Odf.decode(Hex.decode("A9 06 30 04 04 02 44 00")))
                .isInstanceOf(Pkcs15FormatException.class).hasMessage("The ODF entry (object 1) has the unknown tag [9].");
        // The Path with its tag replaced (implicit tagging) instead of wrapped.
        assertThatThrownBy(() -> Odf.decode(Hex.decode("A0 04 04 02 44 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The ODF entry (object 1) for PRIVATE_KEYS holds an OctetString instead of a Path; only path references are supported.");
        assertThatThrownBy(() -> Odf.decode(Hex.decode("80 02 44 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The ODF entry (object 1) for PRIVATE_KEYS is not wrapped in an explicit tag.");
        // The objects [0] alternative of PathOrObjects: the objects themselves inside the ODF.
        assertThatThrownBy(() -> Odf.decode(Hex.decode("A0 04 A0 02 30 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessageContaining("only path references are supported");
        assertThatThrownBy(() -> Odf.decode(Hex.decode("30 04 04 02 44 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The ODF entry (object 1) is not a context-tagged choice [0] to [8].");
        assertThatThrownBy(() -> Odf.decode(Hex.decode("A0 0A 30 08 04 06 3F 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The ODF entry has an object at offset 0 that runs past the end of the data.");
        assertThatThrownBy(() -> Odf.decode(Hex.decode("A0 04 30 02 04 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The ODF entry (object 1) for PRIVATE_KEYS has an empty efidOrPath.");
    }
}

package io.github.eid4j.card.pkcs15;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenInfoTest {
    /** By hand: version 0 (v1), an 8-byte serial, manufacturerID, label [0] implicit, flags. */
    static final String SAMPLE = "30 25"
            + " 02 01 00"
            + " 04 08 00 11 22 33 44 55 66 77"
            + " 0C 05 65 69 64 34 6A"                          // "eid4j"
            + " 80 0B 46 49 4E 45 49 44 20 54 45 53 54"        // [0] "FINEID TEST"
            + " 03 02 05 E0";                                  // readonly, loginRequired, prnGeneration

    @Test
    void decodesAHandMadeTokenInfoFollowedByPadding() {
        TokenInfo info = TokenInfo.decode(Hex.decode(SAMPLE + " 00 00 00 00"));

        assertThat(info.version()).isZero();
        assertThat(info.serialNumber()).containsExactly(Hex.decode("00 11 22 33 44 55 66 77"));
        assertThat(info.manufacturerId()).contains("eid4j");
        assertThat(info.label()).contains("FINEID TEST");
        assertThat(info.flags()).containsExactly(TokenFlag.READ_ONLY, TokenFlag.LOGIN_REQUIRED, TokenFlag.PRN_GENERATION);
    }

    @Test
    void encodesTheSameBytes() {
        TokenInfo info = TokenInfo.of(0, Hex.decode("00 11 22 33 44 55 66 77"), "eid4j", "FINEID TEST",
                EnumSet.of(TokenFlag.PRN_GENERATION, TokenFlag.READ_ONLY, TokenFlag.LOGIN_REQUIRED));

        assertThat(Hex.spaced(info.encode())).isEqualTo(SAMPLE);
    }

    /**
     * supportedAlgorithms is [2] IMPLICIT SEQUENCE OF AlgorithmInfo (A2), each entry reference,
     * mechanism, parameters (the curve), operations, OID and the card's algorithm byte, as
     * {@code pkcs15-tool --list-info} shows them; the decoder still reads the fields before it.
     */
    @Test
    void writesSupportedAlgorithmsAfterTheFlags() {
        TokenInfo info = TokenInfo.of(0, new byte[] {0x31}, null, null, Set.of()).withSupportedAlgorithms(List.of(
                new AlgorithmInfo(1, AlgorithmInfo.CKM_ECDSA_SHA384, Optional.of("1.3.132.0.34"),
                        EnumSet.of(AlgorithmOperation.COMPUTE_SIGNATURE), Optional.of("1.2.840.10045.4.3.3"), OptionalInt.of(0x54))));

        assertThat(Hex.plain(info.encode())).isEqualTo("302C" + "020100" + "040131" + "030100"
                + "A221" + "301F" + "020101" + "02021045" + "06052B81040022" + "03020640"
                + "06082A8648CE3D040303" + "020154");
        assertThat(TokenInfo.decode(info.encode()).serialNumber()).containsExactly(0x31);
    }

    @Test
    void roundTripsWithoutOptionalParts() {
        TokenInfo info = TokenInfo.of(1, new byte[] {1}, null, null, Set.of());

        assertThat(Hex.spaced(info.encode())).isEqualTo("30 09 02 01 01 04 01 01 03 01 00");
        assertThat(TokenInfo.decode(info.encode())).isEqualTo(info);
        TokenInfo eid = TokenInfo.of(0, new byte[] {1}, "Å", "ä", EnumSet.of(TokenFlag.EID_COMPLIANT));
        assertThat(TokenInfo.decode(eid.encode())).isEqualTo(eid);
    }

    @Test
    void readsTheExplicitLabelFormOpenScAlsoAccepts() {
        TokenInfo info = TokenInfo.decode(Hex.decode("30 10 02 01 00 04 01 01 A0 04 0C 02 68 69 03 02 07 80"));

        assertThat(info.label()).contains("hi");
        assertThat(info.flags()).containsExactly(TokenFlag.READ_ONLY);
    }

    @Test
    void skipsLaterComponents() {
        // seInfo SEQUENCE OF and preferredLanguage after the flags, as ISO/IEC 7816-15 allows.
        TokenInfo info = TokenInfo.decode(Hex.decode(
                "30 14 02 01 00 04 01 01 03 01 00 30 05 30 03 02 01 01 13 02 66 69"));

        assertThat(info.serialNumber()).containsExactly(1);
    }

    @Test
    void rejectsMalformedTokenInfo() {
        assertThatThrownBy(() -> TokenInfo.decode(Hex.decode("30 06 02 01 00 04 01 01")))
                .isInstanceOf(Pkcs15FormatException.class).hasMessage("The TokenInfo ends before its tokenflags.");
        assertThatThrownBy(() -> TokenInfo.decode(Hex.decode("30 06 02 01 00 03 01 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The TokenInfo has a BitString where its serialNumber should be.");
        assertThatThrownBy(() -> TokenInfo.decode(Hex.decode("30 09 02 01 FF 04 01 01 03 01 00")))
                .isInstanceOf(Pkcs15FormatException.class).hasMessage("The TokenInfo version -1 is negative.");
        assertThatThrownBy(() -> TokenInfo.decode(new byte[0]))
                .isInstanceOf(Pkcs15FormatException.class).hasMessage("The TokenInfo is empty or holds only padding.");
        assertThatThrownBy(() -> TokenInfo.decode(Hex.decode(SAMPLE + " " + SAMPLE)))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The TokenInfo holds 2 objects where one was expected.");
        assertThatThrownBy(() -> TokenInfo.decode(Hex.decode("00 " + SAMPLE)))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The TokenInfo starts with padding instead of an object.");
        assertThatThrownBy(() -> TokenInfo.decode(Hex.decode("30 03 02 02 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessageStartingWith("The TokenInfo is not well-formed ASN.1 (");
    }
}

package io.github.eid4j.card.pkcs15;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthenticationObjectTest {
    /**
     * A PIN entry written by hand from the PKCS#15 ASN.1: the PKCS15Object SEQUENCE; the
     * CommonAuthenticationObjectAttributes SEQUENCE; the type attributes in an explicit [1] that
     * keeps the PinAttributes' own SEQUENCE tag; pinReference as an implicit [0] (80).
     */
    static final String PIN1 = "30 34"
            + " 30 0D"                       // commonObjectAttributes
            + "  0C 04 50 49 4E 31"          //   label "PIN1"
            + "  03 02 06 C0"                //   flags: private, modifiable
            + "  04 01 03"                   //   authId: the PUK that unblocks it
            + " 30 03 04 01 01"              // commonAuthenticationObjectAttributes: authId 01
            + " A1 1E 30 1C"                 // [1] { PinAttributes }
            + "  03 02 02 4C"                //   pinFlags: local, initialized, needs-padding
            + "  0A 01 01"                   //   pinType: ascii-numeric
            + "  02 01 04"                   //   minLength 4
            + "  02 01 08"                   //   storedLength 8
            + "  02 01 08"                   //   maxLength 8
            + "  80 01 01"                   //   pinReference [0] 1
            + "  04 01 00"                   //   padChar 00
            + "  30 04 04 02 3F 00";         //   path 3F00

    /** The PUK: an unblocking PIN, global (no path), with a reference above 127. */
    static final String PUK = "30 2B"
            + " 30 09 0C 03 50 55 4B 03 02 07 80"          // "PUK", private
            + " 30 03 04 01 03"                            // authId 03
            + " A1 19 30 17"
            + "  03 02 01 0E"                              // initialized, needs-padding, unblockingPin
            + "  0A 01 01 02 01 08 02 01 08 02 01 08"
            + "  80 02 00 82"                              // pinReference 0x82, a positive INTEGER
            + "  04 01 00";

    static AuthenticationObject pin1() {
        return new AuthenticationObject(
                CommonObjectAttributes.of("PIN1", EnumSet.of(ObjectFlag.PRIVATE, ObjectFlag.MODIFIABLE), Identifier.ofHex("03")),
                Identifier.ofHex("01"),
                PinAttributes.builder()
                        .flags(PinFlag.LOCAL, PinFlag.INITIALIZED, PinFlag.NEEDS_PADDING)
                        .type(PinType.ASCII_NUMERIC)
                        .minLength(4).storedLength(8).maxLength(8)
                        .reference(1).padChar(0x00)
                        .path(Path.ofHex("3F00"))
                        .build());
    }

    static AuthenticationObject puk() {
        return new AuthenticationObject(
                CommonObjectAttributes.of("PUK", EnumSet.of(ObjectFlag.PRIVATE), null),
                Identifier.ofHex("03"),
                PinAttributes.builder()
                        .flags(PinFlag.INITIALIZED, PinFlag.NEEDS_PADDING, PinFlag.UNBLOCKING_PIN)
                        .minLength(8).storedLength(8).maxLength(8)
                        .reference(0x82).padChar(0x00)
                        .build());
    }

    @Test
    void decodesAHandMadePin() {
        AuthenticationObject pin = AuthenticationObject.decode(Hex.decode(PIN1));

        assertThat(pin.common().label()).contains("PIN1");
        assertThat(pin.common().flags()).containsExactly(ObjectFlag.PRIVATE, ObjectFlag.MODIFIABLE);
        assertThat(pin.unblockedBy()).contains(Identifier.ofHex("03"));
        assertThat(pin.authId()).isEqualTo(Identifier.ofHex("01"));
        assertThat(pin.isUnblockingPin()).isFalse();
        PinAttributes attributes = pin.pin();
        assertThat(attributes.flags()).containsExactly(PinFlag.LOCAL, PinFlag.INITIALIZED, PinFlag.NEEDS_PADDING);
        assertThat(attributes.type()).isEqualTo(PinType.ASCII_NUMERIC);
        assertThat(attributes.minLength()).isEqualTo(4);
        assertThat(attributes.storedLength()).isEqualTo(8);
        assertThat(attributes.maxLength()).hasValue(8);
        assertThat(attributes.reference()).isEqualTo(1);
        assertThat(attributes.padChar()).hasValue(0);
        assertThat(attributes.path()).contains(Path.ofHex("3F00"));
        assertThat(pin).isEqualTo(pin1());
    }

    @Test
    void encodesTheSameBytes() {
        assertThat(Hex.spaced(pin1().encode())).isEqualTo(Hex.spaced(Hex.decode(PIN1)));
        assertThat(Hex.spaced(puk().encode())).isEqualTo(Hex.spaced(Hex.decode(PUK)));
    }

    @Test
    void readsAnAodfWithThePinsAndTheirPuk() {
        byte[] aodf = Hex.decode(PIN1 + PUK + " 00 00 00 00 00 00");

        List<AuthenticationObject> objects = AuthenticationObject.decodeAll(aodf);

        assertThat(objects).containsExactly(pin1(), puk());
        AuthenticationObject puk = objects.get(1);
        assertThat(puk.isUnblockingPin()).isTrue();
        assertThat(puk.pin().reference()).isEqualTo(0x82);
        assertThat(puk.pin().path()).isEmpty();
        assertThat(objects.get(0).unblockedBy()).contains(puk.authId());
        assertThat(AuthenticationObject.encodeAll(objects)).containsExactly(Hex.decode(PIN1 + PUK));
    }

    @Test
    void leavesOutTheDefaultReferenceAndReadsItBack() {
        AuthenticationObject pin = new AuthenticationObject(CommonObjectAttributes.of(null, Set.of(), null),
                Identifier.ofHex(""), PinAttributes.builder().type(PinType.UTF8).minLength(0).storedLength(0).build());

        assertThat(Hex.spaced(pin.encode())).isEqualTo("30 16 30 00 30 02 04 00 A1 0E 30 0C 03 01 00 0A 01 02 02 01 00 02 01 00");
        assertThat(AuthenticationObject.decode(pin.encode())).isEqualTo(pin);
        assertThat(AuthenticationObject.decode(pin.encode()).pin().reference()).isZero();
    }

    @Test
    void readsTheNegativeReferenceOldOpenScWrote() {
        AuthenticationObject puk = AuthenticationObject.decode(Hex.decode(PUK.replace("80 02 00 82", "80 01 82")
                .replace("A1 19 30 17", "A1 18 30 16").replace("30 2B", "30 2A")));

        assertThat(puk.pin().reference()).isEqualTo(0x82);
    }

    @Test
    void skipsLastPinChangeBeforeThePath() {
        String withTime = "30 2E 30 00 30 03 04 01 01 A1 25 30 23 03 01 00 0A 01 01 02 01 04 02 01 08"
                + " 18 0F 32 30 32 36 30 31 30 31 30 30 30 30 30 30 5A 30 04 04 02 3F 00";
        assertThat(AuthenticationObject.decode(Hex.decode(withTime)).pin().path()).contains(Path.ofHex("3F00"));
    }

    @Test
    void roundTripsEveryFlagAndType() {
        for (PinType type : PinType.values()) {
            AuthenticationObject pin = new AuthenticationObject(
                    CommonObjectAttributes.of("x", EnumSet.allOf(ObjectFlag.class), Identifier.ofHex("0102")).withUserConsent(1),
                    Identifier.ofHex("AA"),
                    PinAttributes.builder().flags(EnumSet.allOf(PinFlag.class)).type(type).minLength(6)
                            .storedLength(12).maxLength(12).reference(0x7FFF).padChar(0xFF)
                            .path(Path.ofHex("3F00 5015").withRange(1, 2)).build());
            assertThat(AuthenticationObject.decode(pin.encode())).isEqualTo(pin);
        }
    }

    @Test
    void rejectsMalformedPins() {
        assertThatThrownBy(() -> AuthenticationObject.decode(Hex.decode("A1 02 30 00")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The AODF entry is a [1] element (a biometric or key-based authentication object), and only PINs are supported.");
        assertThatThrownBy(() -> AuthenticationObject.decode(Hex.decode(PIN1.replace("0A 01 01", "0A 01 07"))))
                .isInstanceOf(Pkcs15FormatException.class).hasMessage("The pinType 7 is not one PKCS#15 defines.");
        assertThatThrownBy(() -> AuthenticationObject.decode(Hex.decode(PIN1.replace("0A 01 01", "02 01 01"))))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The pinAttributes of the AODF entry has an Integer where its pinType should be.");
        // The implicit-tagging mistake: PinAttributes' SEQUENCE tag replaced by [1].
        assertThatThrownBy(() -> AuthenticationObject.decode(Hex.decode(
                "30 15 30 00 30 03 04 01 01 A1 0C 03 01 00 0A 01 01 02 01 04 02 01 08")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The typeAttributes of the AODF entry is not wrapped in an explicit tag.");
        assertThatThrownBy(() -> AuthenticationObject.decode(Hex.decode("30 07 30 00 30 03 04 01 01")))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The AODF entry has nothing where its typeAttributes [1] should be.");
        assertThatThrownBy(() -> AuthenticationObject.decode(Hex.decode(PIN1.replace("04 01 00", "04 02 00 00")
                .replace("A1 1E 30 1C", "A1 1F 30 1D").replace("30 34", "30 35"))))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The padChar of the AODF entry has 2 bytes instead of one.");
        assertThatThrownBy(() -> AuthenticationObject.decode(Hex.decode(PIN1.replace("02 01 04", "02 01 09"))))
                .isInstanceOf(Pkcs15FormatException.class)
                .hasMessage("The AODF entry is invalid: The PIN's maxLength 8 is below its minLength 9.");
        assertThatThrownBy(() -> PinAttributes.builder().minLength(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}

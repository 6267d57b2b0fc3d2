package io.github.eid4j.card.pkcs15;

/**
 * {@code PinType ::= ENUMERATED { bcd(0), ascii-numeric(1), utf8(2), ..., half-nibble-bcd(3),
 * iso9564-1(4) }}, OpenSC's SC_PKCS15_PIN_TYPE_* (pkcs15.h).
 */
public enum PinType {
    BCD(0),
    /** Digits sent as ASCII '0' to '9', what FINEID PINs are. */
    ASCII_NUMERIC(1),
    UTF8(2),
    HALF_NIBBLE_BCD(3),
    ISO9564_1(4);

    private final int value;

    PinType(int value) {
        this.value = value;
    }

    /** The ENUMERATED value. */
    public int value() {
        return value;
    }

    static PinType ofValue(int value) {
        for (PinType type : values()) {
            if (type.value == value) {
                return type;
            }
        }
        throw new Pkcs15FormatException("The pinType " + value + " is not one PKCS#15 defines.");
    }
}

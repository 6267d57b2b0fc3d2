package io.github.eid4j.apdu.pace;

import io.github.eid4j.apdu.ApduFormatException;
import io.github.eid4j.apdu.tlv.BerTlv;
import io.github.eid4j.apdu.tlv.Tlv;
import io.github.eid4j.apdu.tlv.TlvWriter;
import java.util.Optional;

/**
 * The dynamic authentication data of GENERAL AUTHENTICATE (tag 7C) in PACE (ICAO Doc 9303-11
 * §4.4.4.2): 80 encrypted nonce, 81/82 mapping data, 83/84 ephemeral public keys, 85/86
 * authentication tokens, 87/88 certification authority references.
 */
public final class GeneralAuthenticateData {
    public static final int TEMPLATE = 0x7C;
    public static final int ENCRYPTED_NONCE = 0x80;
    public static final int MAPPING_TERMINAL = 0x81;
    public static final int MAPPING_CHIP = 0x82;
    public static final int EPHEMERAL_TERMINAL = 0x83;
    public static final int EPHEMERAL_CHIP = 0x84;
    public static final int TOKEN_TERMINAL = 0x85;
    public static final int TOKEN_CHIP = 0x86;

    private GeneralAuthenticateData() {
    }

    /** 7C with one object, or 7C 00 when {@code value} is null (the first step's empty template). */
    public static byte[] encode(int tag, byte[] value) {
        TlvWriter out = new TlvWriter();
        out.constructed(TEMPLATE, t -> {
            if (value != null) {
                t.primitive(tag, value);
            }
        });
        return out.toByteArray();
    }

    /** The value of {@code tag} inside the 7C template; empty if the data is not a 7C template holding it. */
    public static Optional<byte[]> decode(byte[] data, int tag) {
        try {
            Tlv template = BerTlv.parse(data);
            if (template.tag() != TEMPLATE) {
                return Optional.empty();
            }
            return template.find(tag).map(Tlv::value);
        } catch (ApduFormatException e) {
            return Optional.empty();
        }
    }
}

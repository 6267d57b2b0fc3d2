package io.github.eid4j.apdu.tlv;

/** The class of a BER-TLV tag, bits 8 and 7 of its first byte (X.690 §8.1.2.2). */
public enum TagClass {
    /** 00: ASN.1 universal types such as SEQUENCE (30) or OCTET STRING (04). */
    UNIVERSAL,
    /** 01: defined by the application, e.g. ISO 7816 interindustry 5F20 or 7F49. */
    APPLICATION,
    /** 10: meaning depends on the enclosing template, e.g. 83 inside an FCP. */
    CONTEXT_SPECIFIC,
    /** 11: proprietary to the card issuer, e.g. DF21 in a FINEID PIN-info object. */
    PRIVATE;

    private static final TagClass[] BY_BITS = values();

    static TagClass ofFirstByte(int firstByte) {
        return BY_BITS[(firstByte & 0xC0) >>> 6];
    }
}

package io.github.eid4j.apdu.pcsc;

/**
 * The reader features eid4j uses, from PC/SC part 10 (v2.02), each with its tag in the answer to
 * GET_FEATURE_REQUEST: a PIN pad that verifies or changes a PIN itself (the PIN never reaches the
 * host), and a reader that runs PACE itself (BSI TR-03119, PC/SC part 10 amendment 1).
 */
public enum ReaderFeature {
    /** The reader asks for a PIN on its keypad and sends it to the card in a VERIFY (PIN_VERIFY_STRUCTURE). */
    VERIFY_PIN_DIRECT(0x06),
    /** The reader asks for the old and new PIN and sends them in a CHANGE REFERENCE DATA (PIN_MODIFY_STRUCTURE). */
    MODIFY_PIN_DIRECT(0x07),
    /** The PIN pad's properties: how long it waits, whether it has a display. */
    IFD_PIN_PROPERTIES(0x0A),
    /** The reader's properties as TLV (minimum and maximum PIN length, firmware...). */
    GET_TLV_PROPERTIES(0x12),
    /** The reader establishes PACE with the card and then protects the exchanges itself. */
    EXECUTE_PACE(0x20);

    private final int tag;

    ReaderFeature(int tag) {
        this.tag = tag;
    }

    /** Its tag in the GET_FEATURE_REQUEST answer. */
    public int tag() {
        return tag;
    }

    static ReaderFeature ofTag(int tag) {
        for (ReaderFeature f : values()) {
            if (f.tag == tag) {
                return f;
            }
        }
        return null;
    }
}

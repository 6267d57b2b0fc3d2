package io.github.eid4j.card.pkcs15;

/**
 * {@code PinFlags ::= BIT STRING}, the bits PKCS#15 v1.1 and ISO/IEC 7816-15 name and OpenSC
 * defines as SC_PKCS15_PIN_FLAG_* (pkcs15.h). Later bits some cards set are ignored on reading.
 */
public enum PinFlag implements NamedBit {
    CASE_SENSITIVE(0),
    /** The PIN belongs to the application DF in its path, not to the whole card. */
    LOCAL(1),
    CHANGE_DISABLED(2),
    UNBLOCK_DISABLED(3),
    /** The PIN has been set; a card issued without PINs leaves this out until activation. */
    INITIALIZED(4),
    /** The host pads the PIN to storedLength with padChar before sending it. */
    NEEDS_PADDING(5),
    /** This is a PUK: it unblocks the PINs whose authId points to it. */
    UNBLOCKING_PIN(6),
    /** This is a security officer PIN. */
    SO_PIN(7),
    DISABLE_ALLOWED(8),
    INTEGRITY_PROTECTED(9),
    CONFIDENTIALITY_PROTECTED(10),
    EXCHANGE_REF_DATA(11);

    private final int bit;

    PinFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}

package io.github.eid4j.apdu.emulator;

/** What a data-object source may look at: the card's reference data and security status. */
public interface CardView {

    /** The PIN or PUK with this reference, or null. */
    ReferenceData pin(int reference);

    /** True if the PIN with this reference is verified in the current session. */
    boolean isVerified(int reference);
}

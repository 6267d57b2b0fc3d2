package io.github.eid4j.apdu.emulator;

import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A kind of virtual card (iso-test, fineid-v3, fineid-v4, ...), found with ServiceLoader: it
 * personalises new cards, and gives a loaded card back the behaviour that is code rather than
 * data (GET DATA sources).
 */
public interface VirtualCardProfile {

    /** The name used on the command line and kept in the card's folder, e.g. "fineid-v4". */
    String name();

    /** One line for listings. */
    String description();

    /**
     * Creates the image of a new card: files, PINs, keys generated on the card.
     *
     * @param activated true for a card whose PINs are already set (for tests); false for a card
     *     as the issuer sends it, whose first PINs are set with its activation code or PUK
     */
    Personalisation personalise(boolean activated, SecureRandom random);

    /**
     * Creates the image of the card {@code name} of the eid4j home {@code home}: a profile whose
     * certificates come from an issuer kept in that home (the test PKI, which answers for them)
     * overrides this; by default, the card of {@link #personalise(boolean, SecureRandom)}.
     */
    default Personalisation personalise(String name, Path home, boolean activated, SecureRandom random) {
        return personalise(activated, random);
    }

    /** Adds what a loaded image needs besides its data (e.g. GET DATA sources). */
    default void attach(CardImage image) {
    }
}

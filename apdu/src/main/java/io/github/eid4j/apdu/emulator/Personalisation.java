package io.github.eid4j.apdu.emulator;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A new card's image, and the secrets that come with it in the issuer's letter (activation
 * code, PUK, initial PIN). They are shown to the user once and not kept anywhere else.
 */
public final class Personalisation {
    private final CardImage image;
    private final Map<String, char[]> letter = new LinkedHashMap<>();

    public Personalisation(CardImage image) {
        this.image = image;
    }

    public CardImage image() {
        return image;
    }

    /** Adds a line of the issuer's letter, e.g. ("Activation code", "12345678"). */
    public Personalisation withSecret(String label, char[] value) {
        letter.put(label, value.clone());
        return this;
    }

    /** The letter's secrets, label to value, in the order they were added. */
    public Map<String, char[]> letter() {
        return Collections.unmodifiableMap(letter);
    }

    /** A random numeric secret (PUK, activation code, serial) of {@code n} digits. */
    public static char[] randomDigits(java.security.SecureRandom random, int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = (char) ('0' + random.nextInt(10));
        }
        return out;
    }

    /** Wipes the secrets once they have been shown. */
    public void wipe() {
        letter.values().forEach(v -> Arrays.fill(v, '\0'));
    }
}

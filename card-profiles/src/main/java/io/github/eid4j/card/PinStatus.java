package io.github.eid4j.card;

/** What a card says about one PIN, read without spending a try. */
public final class PinStatus {
    private final int triesLeft;
    private final int maxTries;
    private final boolean initial;
    private final boolean activated;
    private final boolean changeRequired;
    private final boolean triesSpent;

    /**
     * @param triesLeft tries left, or -1 if the card does not tell
     * @param initial true while the PIN is still the issuer's and should or must be changed
     * @param activated false for a PIN that has no value yet (card not activated)
     */
    public PinStatus(int triesLeft, int maxTries, boolean initial, boolean activated) {
        this(triesLeft, maxTries, initial, activated, false);
    }

    private PinStatus(int triesLeft, int maxTries, boolean initial, boolean activated, boolean changeRequired) {
        this(triesLeft, maxTries, initial, activated, changeRequired, false);
    }

    private PinStatus(int triesLeft, int maxTries, boolean initial, boolean activated, boolean changeRequired, boolean triesSpent) {
        this.triesLeft = triesLeft;
        this.maxTries = maxTries;
        this.initial = initial;
        this.activated = activated;
        this.changeRequired = changeRequired;
        this.triesSpent = triesSpent;
    }

    /**
     * A PIN entered wrongly since its last right entry, of a token that does not tell how many
     * tries are left (PKCS#11's CKF_USER_PIN_COUNT_LOW).
     */
    public static PinStatus someTriesSpent() {
        return new PinStatus(-1, -1, false, true, false, true);
    }

    /**
     * The issuer's PIN, which the card accepts only to change it (it cannot be verified); the card
     * does not tell the tries left in this state.
     */
    public static PinStatus changeRequired(int maxTries) {
        return new PinStatus(-1, maxTries, true, true, true);
    }

    public int triesLeft() {
        return triesLeft;
    }

    public int maxTries() {
        return maxTries;
    }

    public boolean isBlocked() {
        return activated && triesLeft == 0;
    }

    public boolean isInitial() {
        return initial;
    }

    /** True while the PIN can only be changed: VERIFY and every key refuse it until then. */
    public boolean isChangeRequired() {
        return changeRequired;
    }

    public boolean isActivated() {
        return activated;
    }

    /** "5 of 5 tries left", "blocked", "not activated", "the PIN from your letter, to be changed before first use". */
    public String describe() {
        if (!activated) {
            return "not activated";
        }
        if (isBlocked()) {
            return "blocked";
        }
        if (changeRequired) {
            return "the PIN from your letter, to be changed before first use";
        }
        String tries = triesSpent ? "entered wrongly since it was last right; tries left unknown"
                : triesLeft < 0 ? "tries left unknown"
                : maxTries < 0 ? (triesLeft == 1 ? "1 try left" : triesLeft + " tries left")
                : triesLeft + " of " + maxTries + " tries left";
        return tries + (initial ? ", initial PIN (change it)" : "");
    }
}

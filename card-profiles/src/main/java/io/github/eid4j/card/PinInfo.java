package io.github.eid4j.card;

/**
 * A PIN of a card as the user knows it: its label ("PIN1"), what it is for, and the rules a new
 * value must follow. The card reference is the profile's business, so it is not exposed.
 */
public final class PinInfo {
    /** What a PIN protects. */
    public enum Role {
        /** Logging in to services, decrypting (FINEID PIN1). */
        AUTHENTICATION,
        /** Qualified signatures (FINEID PIN2). */
        SIGNATURE,
        /** Unblocks the others and sets them at activation (FINEID PUK / activation code). */
        UNBLOCKING
    }

    private final String label;
    private final Role role;
    private final int minLength;
    private final int maxLength;
    private final int reference;
    private final String use;

    public PinInfo(String label, Role role, int minLength, int maxLength, int reference) {
        this(label, role, role.name().toLowerCase(java.util.Locale.ROOT), minLength, maxLength, reference);
    }

    /**
     * @param use what dialogs say the PIN is for, when its role alone would mislead: "authentication
     *     and signature" for a card whose one PIN guards both keys
     */
    public PinInfo(String label, Role role, String use, int minLength, int maxLength, int reference) {
        this.label = label;
        this.role = role;
        this.use = use;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.reference = reference;
    }

    /** The name users see: "PIN1", "PIN2", "PUK". */
    public String label() {
        return label;
    }

    public Role role() {
        return role;
    }

    public int minLength() {
        return minLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /** The card's reference for this PIN (P2 of VERIFY); for drivers. */
    public int reference() {
        return reference;
    }

    /** "PIN1 (authentication)": how dialogs name it. */
    public String displayName() {
        return label + " (" + use + ")";
    }

    /**
     * Which rule a value breaks, before any try is spent on it: its length first, then its
     * characters (digits only); null if it follows them.
     */
    private PinFormatException.Reason formatError(char[] value) {
        if (value.length < minLength || value.length > maxLength) {
            return PinFormatException.Reason.LENGTH;
        }
        for (char c : value) {
            if (c < '0' || c > '9') {
                return PinFormatException.Reason.CHARACTERS;
            }
        }
        return null;
    }

    /**
     * Checks a value against the rules before any try is spent on it.
     *
     * @throws PinFormatException with the rule broken and the rules in one sentence
     */
    public void checkFormat(char[] value) throws PinFormatException {
        PinFormatException.Reason broken = formatError(value);
        if (broken != null) {
            throw new PinFormatException(broken, label + " must be " + rules() + ".");
        }
    }

    /** The rules in words, e.g. "4 to 8 digits". */
    public String rules() {
        return (minLength == maxLength ? String.valueOf(minLength) : minLength + " to " + maxLength) + " digits";
    }

    @Override
    public String toString() {
        return displayName();
    }
}

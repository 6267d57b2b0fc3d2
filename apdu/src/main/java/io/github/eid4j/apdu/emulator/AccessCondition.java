package io.github.eid4j.apdu.emulator;

/**
 * What must hold before a file may be read or written, or a key used. "Each use" is the
 * non-repudiation rule: one verification of the PIN allows exactly one operation.
 */
public final class AccessCondition {
    /** The kinds of condition a card OS checks. */
    public enum Kind { ALWAYS, NEVER, PIN, PIN_EACH_USE }

    public static final AccessCondition ALWAYS = new AccessCondition(Kind.ALWAYS, -1);
    public static final AccessCondition NEVER = new AccessCondition(Kind.NEVER, -1);

    private final Kind kind;
    private final int pinReference;

    private AccessCondition(Kind kind, int pinReference) {
        this.kind = kind;
        this.pinReference = pinReference;
    }

    /** Allowed while PIN {@code reference} is verified. */
    public static AccessCondition pin(int reference) {
        return new AccessCondition(Kind.PIN, checkReference(reference));
    }

    /** Allowed once per verification of PIN {@code reference}. */
    public static AccessCondition pinEachUse(int reference) {
        return new AccessCondition(Kind.PIN_EACH_USE, checkReference(reference));
    }

    private static int checkReference(int reference) {
        if (reference < 0 || reference > 0xFF) {
            throw new IllegalArgumentException("A PIN reference is one byte, not " + reference + ".");
        }
        return reference;
    }

    public Kind kind() {
        return kind;
    }

    /** The PIN reference for {@link Kind#PIN} and {@link Kind#PIN_EACH_USE}; -1 otherwise. */
    public int pinReference() {
        return pinReference;
    }

    /** The text form kept in a card's metadata: always, never, pin:11, pin-each-use:82. */
    @Override
    public String toString() {
        switch (kind) {
            case PIN:
                return String.format("pin:%02X", pinReference);
            case PIN_EACH_USE:
                return String.format("pin-each-use:%02X", pinReference);
            default:
                return kind == Kind.ALWAYS ? "always" : "never";
        }
    }

    /**
     * @throws IllegalArgumentException if the text is none of the forms {@link #toString()} writes
     */
    public static AccessCondition parse(String text) {
        if ("always".equals(text)) {
            return ALWAYS;
        }
        if ("never".equals(text)) {
            return NEVER;
        }
        try {
            if (text.startsWith("pin:")) {
                return pin(Integer.parseInt(text.substring(4), 16));
            }
            if (text.startsWith("pin-each-use:")) {
                return pinEachUse(Integer.parseInt(text.substring(13), 16));
            }
        } catch (NumberFormatException e) {
            // fall through to the one error below
        }
        throw new IllegalArgumentException("'" + text + "' is not an access condition (always, never, pin:XX, pin-each-use:XX).");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessCondition a && a.kind == kind && a.pinReference == pinReference;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + pinReference;
    }
}

package io.github.eid4j.documents;

/** The baseline levels of ETSI's AdES formats that eid4j makes (ETSI EN 319 102-1). */
public enum BaselineLevel {
    /** B-B: the signature, the signing certificate and the time the signer's computer claims. */
    B_B("B"),
    /** B-T: B-B and a time-stamp from a time-stamping authority: proof the signature existed then. */
    B_T("T"),
    /** B-LT: B-T and the certificates and revocation data (OCSP, CRL) needed to validate it later. */
    B_LT("LT");

    private final String letters;

    BaselineLevel(String letters) {
        this.letters = letters;
    }

    String letters() {
        return letters;
    }

    /** The level as ETSI writes it, e.g. {@code B-T}. */
    public String etsiName() {
        return "B-" + letters;
    }

    /**
     * The level named {@code name} ({@code B-B}, {@code b-t}, {@code B-LT}).
     *
     * @throws IllegalArgumentException with one sentence naming the three, for any other name
     */
    public static BaselineLevel named(String name) {
        for (BaselineLevel l : values()) {
            if (l.etsiName().equalsIgnoreCase(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("The signature level is B-B, B-T or B-LT, not '" + name + "'.");
    }
}

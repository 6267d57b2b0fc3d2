package io.github.eid4j.documents;

import eu.europa.esig.dss.enumerations.SignatureLevel;

/** The four AdES signature formats of ETSI, as DSS makes them for eid4j. */
public enum AdesFormat {
    /** CAdES (ETSI EN 319 122): a CMS signature beside the document (detached, {@code .p7s}); any file, of any size. */
    CADES("CAdES", ".p7s"),
    /** PAdES (ETSI EN 319 142): the signature inside the PDF, as PDF readers show it. */
    PADES("PAdES", "-signed.pdf"),
    /** XAdES (ETSI EN 319 132): an XML signature that holds the document (enveloping). */
    XADES("XAdES", ".xml"),
    /** JAdES (ETSI TS 119 182): a JSON web signature that holds the document (compact serialisation). */
    JADES("JAdES", ".jws");

    private final String etsiName;
    private final String suffix;

    AdesFormat(String etsiName, String suffix) {
        this.etsiName = etsiName;
        this.suffix = suffix;
    }

    /**
     * Where a signature of {@code document} goes unless the user says otherwise: beside it, as
     * {@code contract.pdf.p7s}, {@code contract-signed.pdf}, {@code data.txt.xml} or {@code data.txt.jws}.
     */
    public java.nio.file.Path signatureFile(java.nio.file.Path document) {
        String name = document.getFileName().toString();
        if (this == PADES && name.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
            name = name.substring(0, name.length() - 4);
        }
        return document.resolveSibling(name + suffix);
    }

    /** The format's name as ETSI writes it, e.g. {@code PAdES}. */
    public String etsiName() {
        return etsiName;
    }

    /** DSS's name for a baseline level of this format, e.g. {@code PAdES_BASELINE_B}. */
    SignatureLevel level(BaselineLevel level) {
        return SignatureLevel.valueOf(etsiName + "_BASELINE_" + level.letters());
    }

    /**
     * The format named {@code name}, in any case ({@code pades}, {@code PAdES}).
     *
     * @throws IllegalArgumentException with one sentence naming the four, for any other name
     */
    public static AdesFormat named(String name) {
        for (AdesFormat f : values()) {
            if (f.etsiName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("The signature format is cades, pades, xades or jades, not '" + name + "'.");
    }
}

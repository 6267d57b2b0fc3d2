package io.github.eid4j.apdu.pcsc;

/** The transmission protocol between reader and card (ISO/IEC 7816-3). */
public enum Protocol {
    /** Character protocol T=0: no extended-length commands. */
    T0("T=0"),
    /** Block protocol T=1. */
    T1("T=1"),
    /** Whichever the card offers; only for connecting: a connection has T0 or T1. */
    ANY("*");

    private final String smartcardioName;

    Protocol(String smartcardioName) {
        this.smartcardioName = smartcardioName;
    }

    /** The protocol as javax.smartcardio names it: "T=0", "T=1" or "*". */
    String smartcardioName() {
        return smartcardioName;
    }

    /** "T=0", "T=1" or "T=0 or T=1". */
    @Override
    public String toString() {
        return this == ANY ? "T=0 or T=1" : smartcardioName;
    }
}

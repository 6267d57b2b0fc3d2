package io.github.eid4j.apdu.pcsc;

import java.util.Arrays;

/** One reader's state as SCardGetStatusChange reports it. */
final class ReaderStatus {
    static final int SCARD_STATE_IGNORE = 0x0001;
    static final int SCARD_STATE_UNKNOWN = 0x0004;
    static final int SCARD_STATE_UNAVAILABLE = 0x0008;
    static final int SCARD_STATE_EMPTY = 0x0010;
    static final int SCARD_STATE_PRESENT = 0x0020;
    static final int SCARD_STATE_EXCLUSIVE = 0x0080;
    static final int SCARD_STATE_INUSE = 0x0100;
    static final int SCARD_STATE_MUTE = 0x0200;

    private final String name;
    private final int eventState;
    private final byte[] atr;

    ReaderStatus(String name, int eventState, byte[] atr) {
        this.name = name;
        this.eventState = eventState;
        this.atr = atr == null ? new byte[0] : atr.clone();
    }

    String name() {
        return name;
    }

    /** False when the reader vanished between listing and reading its state. */
    boolean exists() {
        return (eventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) == 0;
    }

    boolean cardPresent() {
        return exists() && (eventState & SCARD_STATE_PRESENT) != 0;
    }

    /** The number of card insertions and removals the service counted (upper 16 bits of the state), 0 if it keeps none. */
    int eventCount() {
        return eventState >>> 16;
    }

    int eventState() {
        return eventState;
    }

    /** The card's ATR; empty when there is no card or the card did not answer to reset. */
    byte[] atr() {
        return cardPresent() ? atr.clone() : new byte[0];
    }

    @Override
    public String toString() {
        return name + " state=0x" + Integer.toHexString(eventState) + " atr=" + Arrays.toString(atr);
    }
}

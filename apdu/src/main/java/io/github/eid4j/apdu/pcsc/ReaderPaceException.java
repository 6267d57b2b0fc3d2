package io.github.eid4j.apdu.pcsc;

/**
 * PACE run by the reader ({@link ReaderPace}) failed, or its answer is not one: the message is
 * one sentence for the user; {@link #result()} is the reader's result code (0 for an answer that
 * does not parse).
 */
public final class ReaderPaceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int result;

    public ReaderPaceException(int result, String message) {
        super(message);
        this.result = result;
    }

    public int result() {
        return result;
    }

    /**
     * The tries left the card reported with a wrong password (its status word 63Cx in the result,
     * 0xF0 step 63 Cx), else -1.
     */
    public int triesLeft() {
        return (result >>> 24) == 0xF0 && (result & 0xFFF0) == 0x63C0 ? result & 0x0F : -1;
    }

    /**
     * Whether the card refused the password: it answered a step of PACE (result 0xF00x, then its
     * status word; GENERAL AUTHENTICATE is 0xF003) with 63xx, as it answers a host that sends a
     * wrong password.
     */
    public boolean wrongPassword() {
        return (result & 0xFFF00000) == 0xF0000000 && (result & 0xFF00) == 0x6300;
    }

    /**
     * Whether the reader refused the request itself, before the card took part: its "errors in
     * input" (0xD000000x). Only then may the host run PACE itself, nothing being spent; every
     * other failure (a card's status word 0xF00x..., the card's answer malformed 0xE000000x,
     * a vendor's own code) may have reached the card.
     */
    public boolean beforeCard() {
        return (result & 0xFFFFFFF0) == 0xD0000000;
    }
}

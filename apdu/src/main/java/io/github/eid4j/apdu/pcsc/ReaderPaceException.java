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
}

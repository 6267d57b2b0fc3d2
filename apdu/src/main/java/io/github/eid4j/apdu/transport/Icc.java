package io.github.eid4j.apdu.transport;

/**
 * The card side of an exchange (ISO 7816's "integrated circuit card"): what a reader talks to.
 * A virtual card implements this; {@link InProcessTransport} and the vpcd bridge serve it.
 *
 * <p>{@link #process(byte[])} must answer every command with a response APDU, status word
 * included, and must not throw: a card answers malformed commands with an error status.
 */
public interface Icc {

    /** The answer to reset. Called often (pcscd polls presence with it), so it must be cheap. */
    byte[] atr();

    /** Processes one command APDU and returns the response APDU (data and status word). */
    byte[] process(byte[] command);

    /** Contacts activated (cold reset). Volatile state starts anew. */
    default void powerOn() {
    }

    /** Contacts deactivated. Volatile state (security status, selected files) is lost. */
    default void powerOff() {
    }

    /** Warm reset. Volatile state starts anew, as after power on. */
    default void reset() {
    }
}

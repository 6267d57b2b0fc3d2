package io.github.eid4j.apdu.transport;

/**
 * A transport straight to a card, with no reader in between: a virtual card in this process
 * ({@link InProcessTransport}) or a recorded session ({@link ReplayTransport}). It knows what a
 * reader would tell: the card's ATR, and whether a command that may verify a PIN went through.
 */
public interface DirectTransport extends CardTransport {

    byte[] atr();

    /** Whether a command that may verify a PIN was sent (SecretCommands.mayAuthenticate). */
    boolean mayHaveAuthenticated();
}

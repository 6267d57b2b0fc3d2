package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.SecretCommands;

/**
 * A transport to a card in the same process, with no reader in between: the card is powered on
 * when the transport opens and powered off when it closes, as a reader would do it.
 */
public final class InProcessTransport implements CardTransport {
    private final Icc card;
    private boolean open = true;
    private volatile boolean mayHaveAuthenticated;

    public InProcessTransport(Icc card) {
        this.card = card;
        card.powerOn();
    }

    public byte[] atr() {
        return card.atr();
    }

    @Override
    public synchronized byte[] transmit(byte[] command) throws TransportException {
        if (!open) {
            throw new TransportException("The connection to the card is closed.");
        }
        if (SecretCommands.mayAuthenticate(command)) {
            mayHaveAuthenticated = true;
        }
        byte[] response;
        byte[] received = command.clone(); // what the card gets is its own, as over a wire
        try {
            response = card.process(received);
        } catch (RuntimeException e) {
            // A real card cannot throw; a broken one falls silent, which is what the host sees.
            throw new TransportException("The card stopped answering (" + e.getClass().getSimpleName() + ").", e);
        } finally {
            SecretCommands.wipeIfSecret(received);
        }
        if (response == null || response.length < 2) {
            throw new TransportException("The card answered with " + (response == null ? 0 : response.length)
                    + " bytes, which is not a response APDU.");
        }
        return response;
    }

    /** Whether a command that may verify a PIN was sent; powering off at close ends it anyway. */
    public boolean mayHaveAuthenticated() {
        return mayHaveAuthenticated;
    }

    @Override
    public synchronized void close() {
        if (open) {
            open = false;
            card.powerOff();
        }
    }
}

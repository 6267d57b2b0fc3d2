package io.github.eid4j.testing;

import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import net.sf.scuba.smartcards.CardService;
import net.sf.scuba.smartcards.CardServiceException;
import net.sf.scuba.smartcards.CommandAPDU;
import net.sf.scuba.smartcards.ResponseAPDU;

/**
 * A card as JMRTD, a Java PACE client nobody here wrote, reaches it: its card service over any
 * transport end (a javax.smartcardio channel, the in-process transport stack), so that tests and
 * benchmarks set JMRTD's PACE beside ours on the same card.
 */
public final class JmrtdCardService extends CardService {
    private final CardTransport card;
    private final byte[] atr;

    public JmrtdCardService(CardTransport card, byte[] atr) {
        this.card = card;
        this.atr = atr.clone();
    }

    @Override
    public void open() {
        state = SESSION_STARTED_STATE;
    }

    @Override
    public boolean isOpen() {
        return state == SESSION_STARTED_STATE;
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) throws CardServiceException {
        try {
            return new ResponseAPDU(card.transmit(command.getBytes()));
        } catch (TransportException e) {
            throw new CardServiceException(e.getMessage(), e);
        }
    }

    @Override
    public byte[] getATR() {
        return atr.clone();
    }

    @Override
    public void close() {
        state = SESSION_STOPPED_STATE;
    }

    @Override
    public boolean isConnectionLost(Exception e) {
        return false;
    }
}

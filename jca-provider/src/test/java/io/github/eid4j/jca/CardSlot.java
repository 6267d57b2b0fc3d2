package io.github.eid4j.jca;

import io.github.eid4j.card.PinCallback;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardConnection;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.InProcessConnection;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A reader in the test's hands: virtual cards from {@link TestCards#home()} are inserted and
 * pulled out. Like PC/SC, a connection to a card that was pulled fails with CARD_REMOVED for
 * good, even if the same card is back; opening an empty slot fails with NO_CARD.
 */
final class CardSlot implements CardLocator {
    private VirtualCards.OpenCard inserted;
    private int insertion;

    /** Inserts the card from its folder (which stays locked until it is pulled out). */
    synchronized void insert(String name) {
        remove();
        try {
            inserted = VirtualCards.inDefaultHome().open(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        insertion++;
    }

    synchronized void remove() {
        if (inserted != null) {
            inserted.close();
            inserted = null;
            insertion++;
        }
    }

    @Override
    public synchronized EidCard open(PinCallback pins) throws EidException {
        if (inserted == null) {
            throw new CardAccessException(CardAccessException.Reason.NO_CARD, "There is no card in the test slot.");
        }
        InProcessConnection wire = new InProcessConnection(inserted.card(), inserted.card().image().settings().t0(),
                "test slot", () -> { });
        return EidCards.open(new SlotConnection(wire, insertion), pins);
    }

    @Override
    public String describe() {
        return "test slot";
    }

    private synchronized boolean stillInserted(int at) {
        return inserted != null && insertion == at;
    }

    /** A connection that outlives its card as a PC/SC handle does: every use after removal fails. */
    private final class SlotConnection implements CardConnection {
        private final InProcessConnection wire;
        private final int at;

        SlotConnection(InProcessConnection wire, int at) {
            this.wire = wire;
            this.at = at;
        }

        @Override
        public byte[] atr() {
            return wire.atr();
        }

        @Override
        public boolean isT0() {
            return wire.isT0();
        }

        @Override
        public CardTransport transport() {
            return wire.transport();
        }

        @Override
        public String location() {
            return wire.location();
        }

        @Override
        public boolean mayHaveAuthenticated() {
            return wire.mayHaveAuthenticated();
        }

        @Override
        public <T> T transact(CardWork<T> work) throws EidException {
            if (!stillInserted(at)) {
                throw new CardAccessException(CardAccessException.Reason.CARD_REMOVED, "The card was removed from the test slot.");
            }
            return wire.transact(work);
        }

        @Override
        public void close() {
            wire.close();
        }
    }
}

package io.github.eid4j.pkcs11;

import io.github.eid4j.apdu.pcsc.PcscEvent;
import io.github.eid4j.apdu.pcsc.PcscMonitor;
import io.github.eid4j.card.CanException;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.EidException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PC/SC readers as slots, following insertions and removals. A reader gets
 * {@link Module#tokensPerCard()} slots when it first appears, one per token of the card in it, and
 * keeps them until C_Finalize, also while it is unplugged (PKCS#11 slots are never removed).
 *
 * <p>The {@link PcscMonitor} thread only records what changed and posts the slot events: it
 * never waits for a card. A card is opened by the first call that asks a slot for its token
 * after the insertion, outside the reader's lock, so a slow or busy card holds up only the calls
 * that want it, and at most the card time limit for each command. A removal closes the card's
 * sessions at once. A card that does not answer within the limit is dropped the same way, and
 * its slots stay empty until it is inserted again (rather than make every call wait again).
 */
final class ReaderSlots implements AutoCloseable {
    private static final Duration FIRST_POLL = Duration.ofSeconds(5);

    private final Module module;
    private final Duration cardTimeout;
    private final PinCallback canAnswers;
    private final Map<String, Reader> readers = new ConcurrentHashMap<>();
    private final PcscMonitor monitor;
    /** The first poll's cards were there before C_Initialize: no events for them. */
    private volatile boolean announcing;
    private volatile boolean closed;

    private ReaderSlots(Module module, Duration cardTimeout, PinCallback canAnswers) {
        this.module = module;
        this.cardTimeout = cardTimeout;
        this.canAnswers = canAnswers;
        this.monitor = PcscMonitor.start(this::changed);
    }

    /**
     * Starts following the readers; returns once the readers already there have their slots.
     * Each command to a card waits for it at most {@code cardTimeout}; a card behind PACE asks
     * {@code canAnswers} for its CAN unless one is remembered for its reader.
     */
    static ReaderSlots start(Module module, Duration cardTimeout, PinCallback canAnswers) {
        ReaderSlots slots = new ReaderSlots(module, cardTimeout, canAnswers);
        try {
            if (!slots.monitor.awaitFirstPoll(FIRST_POLL)) {
                Log.problem("the PC/SC service did not list its readers within " + FIRST_POLL.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slots.announcing = true;
        return slots;
    }

    private void changed(PcscEvent event) {
        if (closed) {
            return;
        }
        switch (event) {
            case PcscEvent.ReaderAttached attached -> reader(attached.reader());
            case PcscEvent.CardInserted inserted -> reader(inserted.reader()).inserted();
            case PcscEvent.CardRemoved removed -> reader(removed.reader()).removed();
            case PcscEvent.ReaderDetached detached -> {
                // Its card was reported removed first; its slots stay.
            }
        }
    }

    private Reader reader(String name) {
        return readers.computeIfAbsent(name, Reader::new);
    }

    @Override
    public void close() {
        closed = true;
        monitor.close();
        for (Reader reader : readers.values()) {
            reader.removed();
        }
    }

    /** A card taken out of its reader, with its tokens. */
    private record Detached(Card card, List<Token> tokens) {
    }

    /** One reader: its slots, whether a card is in it, and the card once a slot was asked for it. */
    private final class Reader {
        private final String name;
        private final List<Slot> slots = new ArrayList<>();
        // Guarded by this.
        private boolean present;
        /** Counts insertions and removals; the card below belongs to the count {@code openedFor}. */
        private long change;
        private long openedFor = -1;
        private boolean opening;
        private Card card;
        private List<Token> tokens = List.of();

        Reader(String name) {
            this.name = name;
            for (int i = 0; i < module.tokensPerCard(); i++) {
                int position = i;
                slots.add(module.addSlot(name, true, () -> token(position)));
            }
        }

        void inserted() {
            synchronized (this) {
                present = true;
                change++;
            }
            post();
        }

        /** The card left (or the reader, or the service): its sessions end now. */
        void removed() {
            Detached gone;
            synchronized (this) {
                present = false;
                change++;
                gone = detach();
                notifyAll(); // calls waiting for the card being opened stop at C_Finalize
            }
            release(gone);
            post();
        }

        private void post() {
            if (announcing) {
                module.events().post(slots.stream().map(Slot::id).toList());
            }
        }

        /**
         * An exchange found the card gone before the monitor did, or not answering: forget it. The
         * next call looks again for a card that went; one that did not answer waits for its removal.
         */
        private void lost(Card which, CardAccessException why) {
            Detached gone;
            synchronized (this) {
                if (card != which || which == null) {
                    return; // already dropped
                }
                if (why.reason() != CardAccessException.Reason.NO_ANSWER) {
                    openedFor = -1;
                }
                gone = detach();
            }
            release(gone);
            post();
        }

        /** Takes the current card and its tokens out of the reader; the caller closes them outside the lock. */
        private Detached detach() {
            Detached gone = new Detached(card, tokens);
            card = null;
            tokens = List.of();
            return gone;
        }

        /** Closes the sessions of a card taken out of the reader, and the card; outside the reader's lock. */
        private void release(Detached gone) {
            module.tokensGone(gone.tokens());
            closeQuietly(gone.card());
        }

        private void closeQuietly(Card c) {
            if (c != null) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    Log.debug("closing the card in " + name + ": " + e);
                }
            }
        }

        /** The token in this reader's slot at this position, opening the card if it is new. */
        Token token(int position) {
            long target;
            synchronized (this) {
                while (opening && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
                if (closed || !present || openedFor == change) {
                    return position < tokens.size() ? tokens.get(position) : null;
                }
                target = change;
                openedFor = change;
                opening = true;
            }
            Card[] opened = new Card[1];
            List<Token> made = List.of();
            boolean retry = false;
            try {
                opened[0] = Card.openReader(name, cardTimeout, canAnswers, why -> lost(opened[0], why));
                made = module.tokensOf(opened[0]);
                if (made.size() > slots.size()) {
                    Log.problem("the card in " + name + " has " + made.size() + " tokens; the module shows the first " + slots.size());
                }
            } catch (EidException | RuntimeException e) {
                // A card this module does not know, or one that does not answer, stays unshown until
                // the next insertion; a card that was busy or went away while being read is tried
                // again by the next call.
                retry = !(e instanceof CardAccessException a && (a.reason() == CardAccessException.Reason.UNSUPPORTED_CARD
                        || a.reason() == CardAccessException.Reason.NO_ANSWER));
                if (e instanceof CanException) {
                    Log.problem(e.getMessage()); // the user can act on it: remember the CAN
                } else {
                    Log.debug("the card in " + name + " is not shown: " + e.getMessage());
                }
                closeQuietly(opened[0]);
                opened[0] = null;
            }
            Card stale = null;
            Token out;
            synchronized (this) {
                opening = false;
                notifyAll();
                if (opened[0] != null && change == target && !closed) {
                    card = opened[0];
                    tokens = made;
                } else {
                    stale = opened[0]; // removed while it was being read
                    if (retry && change == target) {
                        openedFor = -1;
                    }
                }
                out = position < tokens.size() ? tokens.get(position) : null;
            }
            closeQuietly(stale);
            return out;
        }
    }
}

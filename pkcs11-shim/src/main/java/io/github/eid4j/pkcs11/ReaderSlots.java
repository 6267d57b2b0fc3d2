package io.github.eid4j.pkcs11;

import io.github.eid4j.apdu.pcsc.PcscEvent;
import io.github.eid4j.apdu.pcsc.PcscMonitor;
import io.github.eid4j.card.EidException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PC/SC readers as slots, following insertions and removals. A reader gets
 * {@link #SLOTS_PER_READER} slots when it first appears, one per token of the card in it, and
 * keeps them until C_Finalize, also while it is unplugged (PKCS#11 slots are never removed).
 *
 * <p>The {@link PcscMonitor} thread only records what changed and posts the slot events; a card
 * is opened by the first call that asks a slot for its token after the insertion, so that the
 * monitor never waits for a card and a card nobody asks for is never touched. A removal closes
 * the card's sessions at once.
 */
final class ReaderSlots implements AutoCloseable {
    /** FINEID and the Luxembourg eID have two user PINs, so two tokens. */
    static final int SLOTS_PER_READER = 2;
    private static final Duration FIRST_POLL = Duration.ofSeconds(5);

    private final Module module;
    private final Map<String, Reader> readers = new ConcurrentHashMap<>();
    private final PcscMonitor monitor;

    private ReaderSlots(Module module) {
        this.module = module;
        this.monitor = PcscMonitor.start(this::changed);
    }

    /** Starts following the readers; returns once the readers already there have their slots. */
    static ReaderSlots start(Module module) {
        ReaderSlots slots = new ReaderSlots(module);
        try {
            if (!slots.monitor.awaitFirstPoll(FIRST_POLL)) {
                Log.problem("the PC/SC service did not list its readers within " + FIRST_POLL.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return slots;
    }

    private void changed(PcscEvent event) {
        switch (event) {
            case PcscEvent.ReaderAttached attached -> readers.computeIfAbsent(attached.reader(), Reader::new);
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
        monitor.close();
        for (Reader reader : readers.values()) {
            reader.removed();
        }
    }

    /** One reader: its slots, whether a card is in it, and the card once a slot was asked for it. */
    private final class Reader {
        private final String name;
        private final List<Slot> slots = new ArrayList<>();
        private boolean present;
        /** Counts insertions; the card and tokens below belong to insertion {@code openedFor}. */
        private long insertion;
        private long openedFor = -1;
        private Card card;
        private List<Token> tokens = List.of();

        Reader(String name) {
            this.name = name;
            for (int i = 0; i < SLOTS_PER_READER; i++) {
                int position = i;
                slots.add(module.addSlot(name, true, () -> token(position)));
            }
        }

        synchronized void inserted() {
            present = true;
            insertion++;
            post();
        }

        /** The card left (or the reader, or the service): its sessions end now. */
        void removed() {
            synchronized (this) {
                present = false;
                insertion++;
            }
            drop();
            post();
        }

        private void post() {
            module.events().post(slots.stream().map(Slot::id).toList());
        }

        /** An exchange found the card gone before the monitor did: forget it; the next call looks again. */
        private void lost(Card which) {
            synchronized (this) {
                if (card != which) {
                    return; // already dropped
                }
                openedFor = -1;
            }
            drop();
            post();
        }

        /** Closes the current card, if any, and the sessions of its tokens. */
        private void drop() {
            Card old;
            List<Token> gone;
            synchronized (this) {
                old = card;
                gone = tokens;
                card = null;
                tokens = List.of();
            }
            module.tokensGone(gone);
            if (old != null) {
                try {
                    old.close();
                } catch (RuntimeException e) {
                    Log.debug("closing the card in " + name + ": " + e);
                }
            }
        }

        /** The token in this reader's slot at this position, opening the card if it is new. */
        synchronized Token token(int position) {
            if (present && openedFor != insertion) {
                openedFor = insertion;
                Card[] opened = new Card[1];
                try {
                    opened[0] = Card.openReader(name, () -> lost(opened[0]));
                    card = opened[0];
                    tokens = module.tokensOf(card);
                    if (tokens.size() > slots.size()) {
                        Log.problem("the card in " + name + " has " + tokens.size() + " tokens; the module shows the first "
                                + slots.size());
                    }
                } catch (EidException | RuntimeException e) {
                    // Not a card this module knows, or it went away while being read: the slot stays empty
                    // until the next insertion.
                    Log.debug("the card in " + name + " is not shown: " + e.getMessage());
                    if (opened[0] != null) {
                        opened[0].close();
                    }
                    card = null;
                    tokens = List.of();
                }
            }
            return position < tokens.size() ? tokens.get(position) : null;
        }
    }
}

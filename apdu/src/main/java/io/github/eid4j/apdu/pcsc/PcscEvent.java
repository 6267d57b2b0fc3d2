package io.github.eid4j.apdu.pcsc;

import io.github.eid4j.apdu.Hex;
import java.util.Arrays;
import java.util.Objects;

/** A change that {@link PcscMonitor} saw in the readers of the PC/SC service. */
public sealed interface PcscEvent {

    /** The reader the change happened in. */
    String reader();

    /** A reader appeared: plugged in, or there already when the monitor started, or back with the service. */
    record ReaderAttached(String reader) implements PcscEvent {
        public ReaderAttached {
            Objects.requireNonNull(reader, "reader");
        }
    }

    /** A reader went away: unplugged, or the service stopped. A card in it is reported removed first. */
    record ReaderDetached(String reader) implements PcscEvent {
        public ReaderDetached {
            Objects.requireNonNull(reader, "reader");
        }
    }

    /**
     * A card is in the reader: inserted, or there already when the monitor started or the
     * reader appeared.
     *
     * @param atr the card's answer to reset; empty if the card did not answer
     */
    record CardInserted(String reader, byte[] atr) implements PcscEvent {
        public CardInserted {
            Objects.requireNonNull(reader, "reader");
            atr = atr == null ? new byte[0] : atr.clone();
        }

        /** A copy of the ATR. */
        @Override
        public byte[] atr() {
            return atr.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CardInserted c && c.reader.equals(reader) && Arrays.equals(c.atr, atr);
        }

        @Override
        public int hashCode() {
            return 31 * reader.hashCode() + Arrays.hashCode(atr);
        }

        @Override
        public String toString() {
            return "CardInserted[reader=" + reader + ", atr=" + Hex.spaced(atr) + "]";
        }
    }

    /** The card left the reader, or the reader or the service went away with it. */
    record CardRemoved(String reader) implements PcscEvent {
        public CardRemoved {
            Objects.requireNonNull(reader, "reader");
        }
    }
}

package io.github.eid4j.apdu.pcsc;

import io.github.eid4j.apdu.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * A card reader as the PC/SC service lists it at one moment.
 *
 * @param index the reader's position in the service's list, from 0
 * @param name the reader's name, as {@link PcscReaders#connect(String, ShareMode, Protocol)} takes it
 * @param cardPresent whether a card is in the reader
 * @param atr the card's answer to reset; empty when there is no card or it does not answer
 */
public record PcscReader(int index, String name, boolean cardPresent, byte[] atr) {

    public PcscReader {
        Objects.requireNonNull(name, "name");
        atr = atr == null ? new byte[0] : atr.clone();
    }

    /** A copy of the ATR. */
    @Override
    public byte[] atr() {
        return atr.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcscReader r && r.index == index && r.name.equals(name)
                && r.cardPresent == cardPresent && Arrays.equals(r.atr, atr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name, cardPresent, Arrays.hashCode(atr));
    }

    /** "0: Virtual PCD 00 00 (card 3B 8A ...)" or "1: Virtual PCD 00 01 (no card)". */
    @Override
    public String toString() {
        String card = !cardPresent ? "no card" : atr.length == 0 ? "card, no ATR" : "card " + Hex.spaced(atr);
        return index + ": " + name + " (" + card + ")";
    }
}

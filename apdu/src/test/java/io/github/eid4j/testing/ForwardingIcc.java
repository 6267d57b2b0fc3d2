package io.github.eid4j.testing;

import io.github.eid4j.apdu.transport.Icc;

/**
 * A card that passes everything to the card it wraps; a misbehaving test card overrides only
 * {@link #process(byte[])}, so its ATR, power and reset stay the real card's.
 */
abstract class ForwardingIcc implements Icc {
    protected final Icc card;

    ForwardingIcc(Icc card) {
        this.card = card;
    }

    @Override
    public byte[] atr() {
        return card.atr();
    }

    @Override
    public void powerOn() {
        card.powerOn();
    }

    @Override
    public void powerOff() {
        card.powerOff();
    }

    @Override
    public void reset() {
        card.reset();
    }
}

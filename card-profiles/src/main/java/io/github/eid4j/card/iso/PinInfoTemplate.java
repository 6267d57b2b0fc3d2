package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.tlv.BerTlv;
import io.github.eid4j.apdu.tlv.Tlv;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardErrors;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinStatus;
import java.util.List;
import java.util.Optional;

/**
 * A PIN's state by GET DATA with odd INS: {@code 00 CB p1p2 {A0 03 83 01 ref}}, answered with a
 * template A0 whose objects give the tries left and whether the PIN was ever changed (Gemalto
 * and Thales cards; docs/cards.md §1.5 and §3). The profile names P1-P2 and the two tags, which
 * are its card's. 6984 is a PIN with no value yet; so is a PIN never changed, on a card whose
 * PINs have no issuer value ({@link #unchangedMeansNoValue}).
 */
public final class PinInfoTemplate implements PinStatusQuery {
    /** The template of the query and of the answer, and the tag of the PIN reference in the query. */
    public static final int TEMPLATE = 0xA0;
    public static final int REFERENCE = 0x83;

    private final int p1p2;
    private final int triesTag;
    private final int changedTag;
    private final int maxTries;
    private final boolean unchangedMeansNoValue;

    /**
     * @param triesTag the object whose first byte is the tries left
     * @param changedTag the object that is one byte 00 while the PIN is the issuer's
     */
    public PinInfoTemplate(int p1p2, int triesTag, int changedTag, int maxTries) {
        this(p1p2, triesTag, changedTag, maxTries, false);
    }

    private PinInfoTemplate(int p1p2, int triesTag, int changedTag, int maxTries, boolean unchangedMeansNoValue) {
        this.p1p2 = p1p2;
        this.triesTag = triesTag;
        this.changedTag = changedTag;
        this.maxTries = maxTries;
        this.unchangedMeansNoValue = unchangedMeansNoValue;
    }

    /**
     * This query for a card whose PINs the holder sets at activation (no issuer PIN in the
     * letter): a PIN never changed has no value the holder knows, so the card is not activated.
     */
    public PinInfoTemplate unchangedMeansNoValue() {
        return new PinInfoTemplate(p1p2, triesTag, changedTag, maxTries, true);
    }

    /**
     * Under T=0 the card wants no Le (case 3) and answers 61xx; under T=1 it wants Le=00. The
     * transport stack makes that difference, so the command always carries Le.
     */
    @Override
    public PinStatus read(CardTransport card, PinInfo pin) throws TransportException, EidException {
        byte[] query = {(byte) TEMPLATE, 0x03, (byte) REFERENCE, 0x01, (byte) pin.reference()};
        ResponseApdu r = card.transmit(IsoCommands.getData(p1p2, query, IsoCommands.WHOLE_ANSWER));
        if (r.sw() == 0x6984) {
            return new PinStatus(-1, maxTries, false, false); // no value yet [I: see docs/fineid.md]
        }
        if (!r.isSuccess()) {
            throw CardErrors.unexpected("report the state of " + pin.label(), r.statusWord());
        }
        try {
            List<Tlv> objects = BerTlv.parseAll(r.data());
            Optional<Tlv> tries = Tlv.findPath(objects, TEMPLATE, triesTag);
            Optional<Tlv> changed = Tlv.findPath(objects, TEMPLATE, changedTag);
            if (tries.isEmpty() || tries.get().length() < 1) {
                throw new IllegalArgumentException("no tries");
            }
            boolean initial = changed.isPresent() && changed.get().length() == 1 && changed.get().value()[0] == 0;
            return new PinStatus(tries.get().value()[0] & 0xFF, maxTries, initial, !(initial && unchangedMeansNoValue));
        } catch (IllegalArgumentException e) {
            throw new CardAccessException(CardAccessException.Reason.CARD_ERROR,
                    "The card's answer about " + pin.label() + " is not a PIN-info template.");
        }
    }
}

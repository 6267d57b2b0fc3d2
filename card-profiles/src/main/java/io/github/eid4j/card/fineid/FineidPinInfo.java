package io.github.eid4j.card.fineid;

import io.github.eid4j.apdu.emulator.CardView;
import io.github.eid4j.apdu.emulator.DataObjectSource;
import io.github.eid4j.apdu.emulator.ReferenceData;
import io.github.eid4j.apdu.tlv.BerTlv;
import io.github.eid4j.apdu.tlv.Tlv;
import io.github.eid4j.card.iso.PinInfoTemplate;
import java.util.Optional;

/**
 * The virtual card's answer to GET DATA 00 CB 00 FF {A0 03 83 01 ref}: the PIN-info template of
 * the recorded v3/v4 traces (docs/cards.md §1.5), with DF21's first byte the tries left and DF2F
 * 01 once the holder has set the PIN, 00 before. The bytes whose meaning is unknown are replayed
 * as recorded. A PIN without a value yet (a card not activated) answers the template with DF2F
 * 00, as the Thales platform marks a PIN that must be changed before use: OpenSC's driver maps
 * DF2F 00 to "PIN to be changed" and aborts binding on any other answer, web-eid reads DF2F 00
 * on the EstEID card of the same platform as "PIN not active" [I for FINEID: no never-activated
 * card is recorded].
 */
final class FineidPinInfo implements DataObjectSource {

    @Override
    public byte[] read(CardView card, byte[] query) {
        int reference;
        try {
            Optional<Tlv> ref = BerTlv.parse(query).find(PinInfoTemplate.REFERENCE);
            if (ref.isEmpty() || ref.get().length() != 1) {
                throw new Refused(0x6A80);
            }
            reference = ref.get().value()[0] & 0xFF;
        } catch (IllegalArgumentException e) {
            throw new Refused(0x6A80);
        }
        ReferenceData pin = card.pin(reference);
        if (pin == null) {
            return null;
        }
        boolean setByHolder = pin.hasValue() && !pin.isInitial();
        return new byte[] {
            (byte) PinInfoTemplate.TEMPLATE, 0x23, (byte) PinInfoTemplate.REFERENCE, 0x01, (byte) reference,
            (byte) 0x8C, 0x04, (byte) 0xF0, 0x00, 0x00, 0x00,
            (byte) 0x9C, 0x04, (byte) 0xF0, 0x00, 0x00, 0x00,
            (byte) (Fineid.TAG_TRIES >> 8), (byte) Fineid.TAG_TRIES, 0x04, (byte) pin.triesLeft(), (byte) 0xFF, (byte) 0xA5, 0x03,
            (byte) 0xDF, 0x27, 0x02, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xDF, 0x28, 0x01, 0x0C,
            (byte) (Fineid.TAG_CHANGED >> 8), (byte) Fineid.TAG_CHANGED, 0x01, (byte) (setByHolder ? 0x01 : 0x00)
        };
    }
}

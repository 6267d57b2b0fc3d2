package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.StatusWord;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.CardErrors;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinStatus;

/**
 * A PIN's state by VERIFY without data (ISO/IEC 7816-4 §11.5.6): 63Cx is x tries left, 9000
 * means verified already (the tries are then not told), 6983 blocked, 6984 no value yet. The
 * card cannot say whether the PIN is still the issuer's this way.
 */
public final class VerificationState implements PinStatusQuery {
    private final int maxTries;
    private final int changeRequired;

    /** @param maxTries what the card allows, for "3 of 5 tries left" */
    public VerificationState(int maxTries) {
        this(maxTries, -1);
    }

    /**
     * For a card that answers {@code changeRequired} while its PIN is still the issuer's and may
     * only be changed (the Luxembourg eID's 6985, docs/luxembourg.md).
     */
    public VerificationState(int maxTries, StatusWord changeRequired) {
        this(maxTries, changeRequired.value());
    }

    private VerificationState(int maxTries, int changeRequired) {
        this.maxTries = maxTries;
        this.changeRequired = changeRequired;
    }

    @Override
    public PinStatus read(CardTransport card, PinInfo pin) throws TransportException, EidException {
        ResponseApdu r = card.transmit(IsoCommands.verificationState(pin.reference()));
        if (r.isSuccess()) {
            return new PinStatus(-1, maxTries, false, true);
        }
        if (r.statusWord().triesLeft().isPresent()) {
            return new PinStatus(r.statusWord().triesLeft().getAsInt(), maxTries, false, true);
        }
        if (r.sw() == 0x6983) {
            return new PinStatus(0, maxTries, false, true);
        }
        if (r.sw() == 0x6984) {
            return new PinStatus(-1, maxTries, false, false);
        }
        if (r.sw() == changeRequired) {
            return PinStatus.changeRequired(maxTries);
        }
        throw CardErrors.unexpected("report the state of " + pin.label(), r.statusWord());
    }
}

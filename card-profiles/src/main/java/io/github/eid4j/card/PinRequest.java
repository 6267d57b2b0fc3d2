package io.github.eid4j.card;

/** What a {@link PinCallback} is asked for: which PIN, which step, and how many tries are left. */
public final class PinRequest {
    /** The value asked for. */
    public enum Step {
        /** The current PIN, to verify it. */
        CURRENT,
        /** A new PIN. */
        NEW,
        /** The new PIN again, to catch typing errors. */
        NEW_AGAIN,
        /** The PUK, to unblock a PIN and set a new one. */
        PUK,
        /** The activation code from the issuer's letter, to set the first PINs. */
        ACTIVATION_CODE,
        /** The card access number printed on the card, which opens its secure channel (PACE). */
        CAN
    }

    private final PinInfo pin;
    private final Step step;
    private final int triesLeft;

    public PinRequest(PinInfo pin, Step step, int triesLeft) {
        this.pin = pin;
        this.step = step;
        this.triesLeft = triesLeft;
    }

    public PinInfo pin() {
        return pin;
    }

    public Step step() {
        return step;
    }

    /** Tries left for the value asked for, or -1 if unknown. */
    public int triesLeft() {
        return triesLeft;
    }

    /** A prompt in plain words: "PIN2 (signature), 3 tries left". */
    public String prompt() {
        String what;
        switch (step) {
            case NEW:
                what = "New " + pin.displayName();
                break;
            case NEW_AGAIN:
                what = "New " + pin.displayName() + " again";
                break;
            case PUK:
                what = "PUK (to unblock " + pin.label() + ")";
                break;
            case ACTIVATION_CODE:
                what = "Activation code from your letter";
                break;
            case CAN:
                what = "CAN, the " + pin.rules().replace(" digits", "-digit") + " number printed on the front of your card";
                break;
            default:
                what = pin.displayName();
        }
        return what + (triesLeft >= 0 && step != Step.NEW && step != Step.NEW_AGAIN
                ? ", " + (triesLeft == 1 ? "1 try" : triesLeft + " tries") + " left" : "");
    }
}

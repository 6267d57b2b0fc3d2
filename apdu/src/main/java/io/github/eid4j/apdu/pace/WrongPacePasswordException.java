package io.github.eid4j.apdu.pace;

import java.util.OptionalInt;

/** The card refused the PACE password: a wrong CAN, PIN or PUK, with the tries left when the card counts them. */
public class WrongPacePasswordException extends PaceException {
    private static final long serialVersionUID = 1L;
    private final PacePassword.Type type;
    private final OptionalInt triesLeft;

    public WrongPacePasswordException(PacePassword.Type type, OptionalInt triesLeft) {
        super(sentence(type, triesLeft));
        this.type = type;
        this.triesLeft = triesLeft;
    }

    public PacePassword.Type type() {
        return type;
    }

    public OptionalInt triesLeft() {
        return triesLeft;
    }

    private static String sentence(PacePassword.Type type, OptionalInt triesLeft) {
        if (type == PacePassword.Type.CAN) {
            return "Wrong CAN: check the 6-digit number printed on the front of your card.";
        }
        if (triesLeft.isEmpty()) {
            return "Wrong " + type.label() + ".";
        }
        int n = triesLeft.getAsInt();
        return "Wrong " + type.label() + ": " + n + (n == 1 ? " try" : " tries") + " left before it is blocked.";
    }
}

package io.github.eid4j.apdu.pace;

/** The PACE password's retry counter is at zero (69 83): the PIN needs the PUK, the PUK the issuer. */
public class PacePasswordBlockedException extends PaceException {
    private static final long serialVersionUID = 1L;
    private final PacePassword.Type type;

    public PacePasswordBlockedException(PacePassword.Type type) {
        super("The " + type.label() + " is blocked" + (type == PacePassword.Type.PIN ? "; unblock it with the PUK." : "."));
        this.type = type;
    }

    public PacePassword.Type type() {
        return type;
    }
}

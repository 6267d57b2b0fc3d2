package io.github.eid4j.card.pkcs11bridge;

import io.github.eid4j.card.EidException;

/** A PKCS#11 function answered other than CKR_OK: which module, which function, which value, in one sentence. */
final class Pkcs11Failure extends EidException {
    private static final long serialVersionUID = 1L;
    private final long ckr;

    Pkcs11Failure(String module, String function, long ckr) {
        super("The PKCS#11 module " + module + " failed " + function + " (" + Pkcs11Constants.name(ckr) + ").");
        this.ckr = ckr;
    }

    long ckr() {
        return ckr;
    }
}

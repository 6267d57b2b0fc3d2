package io.github.eid4j.pkcs11;

import java.util.function.Supplier;

/**
 * A slot: where a token may be. Slots are never removed: a configured virtual card that could
 * not be opened is a slot without a token, and a reader's slots stay while it is unplugged.
 */
final class Slot {
    private final long id;
    private final String where;
    private final boolean hardware;
    private final Supplier<Token> token;

    /**
     * @param where the reader's name, or "eid4j virtual card 'demo'"
     * @param hardware a PC/SC reader's slot (CKF_HW_SLOT), not a virtual card's
     * @param token the token now in the slot, or null; asked at every call
     */
    Slot(long id, String where, boolean hardware, Supplier<Token> token) {
        this.id = id;
        this.where = where;
        this.hardware = hardware;
        this.token = token;
    }

    long id() {
        return id;
    }

    /** Where the slot is, and the card in it if there is one (TokenLabels). */
    String description() {
        Token t = token();
        return t == null ? where : TokenLabels.slot(where, t.model(), t.serial());
    }

    /** The token, or null if the slot has none now. */
    Token token() {
        return token.get();
    }

    /** The token, or CKR_TOKEN_NOT_PRESENT. */
    Token requireToken() {
        Token t = token.get();
        if (t == null) {
            throw new CkrException(Ck.CKR_TOKEN_NOT_PRESENT);
        }
        return t;
    }

    long flags() {
        return Ck.CKF_REMOVABLE_DEVICE | (hardware ? Ck.CKF_HW_SLOT : 0) | (token() != null ? Ck.CKF_TOKEN_PRESENT : 0);
    }
}

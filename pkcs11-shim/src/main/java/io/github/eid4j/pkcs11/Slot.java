package io.github.eid4j.pkcs11;

/**
 * A slot: where a token may be. Slots are made at C_Initialize and never removed; a configured
 * card that could not be opened is a slot without a token.
 */
final class Slot {
    private final long id;
    private final String description;
    private final Token token;

    Slot(long id, String description, Token token) {
        this.id = id;
        this.description = description;
        this.token = token;
    }

    long id() {
        return id;
    }

    String description() {
        return description;
    }

    /** The token, or null if the slot has none. */
    Token token() {
        return token;
    }

    /** The token, or CKR_TOKEN_NOT_PRESENT. */
    Token requireToken() {
        if (token == null) {
            throw new CkrException(Ck.CKR_TOKEN_NOT_PRESENT);
        }
        return token;
    }

    long flags() {
        return Ck.CKF_REMOVABLE_DEVICE | (token != null ? Ck.CKF_TOKEN_PRESENT : 0);
    }
}

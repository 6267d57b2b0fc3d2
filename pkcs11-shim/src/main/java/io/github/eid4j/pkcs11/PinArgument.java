package io.github.eid4j.pkcs11;

import io.github.eid4j.card.PinFormatException;
import io.github.eid4j.card.PinInfo;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A PIN an application passed (CK_UTF8CHAR, ulPinLen bytes), read and checked against the rules
 * of the PIN it is for before the card sees it, so that a typing error costs no try. The rules are
 * the token model's ({@link PinInfo#checkFormat}); this class only says which CKR_ each broken rule
 * is.
 */
final class PinArgument {
    /** UTF-8 takes at most 4 bytes a character. */
    private static final long MAX_UTF8_BYTES_PER_CHARACTER = 4;

    private PinArgument() {
    }

    /**
     * The PIN's characters (the caller wipes them); CKR_PIN_LEN_RANGE, before anything is copied,
     * when {@code length} bytes cannot be a PIN under {@code rules}.
     */
    static char[] read(PinInfo rules, MemorySegment pointer, long length) {
        requireLength(rules, length);
        return Native.pin(pointer, length);
    }

    /** CKR_PIN_LEN_RANGE when {@code length} bytes cannot be a PIN under {@code rules}. */
    static void requireLength(PinInfo rules, long length) {
        CkrException.require(Long.compareUnsigned(length, MAX_UTF8_BYTES_PER_CHARACTER * rules.maxLength()) <= 0, Ck.CKR_PIN_LEN_RANGE);
    }

    /**
     * A PIN that is to be verified (C_Login, the old PIN of C_SetPIN): one with a character the
     * card never takes cannot be right, so it is CKR_PIN_INCORRECT.
     */
    static void checkCurrent(PinInfo rules, char[] pin) {
        check(rules, pin, Ck.CKR_PIN_INCORRECT);
    }

    /** A PIN that is to be set (C_SetPIN, C_InitPIN): CKR_PIN_INVALID for a character the card does not take. */
    static void checkNew(PinInfo rules, char[] pin) {
        check(rules, pin, Ck.CKR_PIN_INVALID);
    }

    /** {@link #checkCurrent}, wiping the PIN if it fails. */
    static void checkCurrentOrWipe(PinInfo rules, char[] pin) {
        try {
            checkCurrent(rules, pin);
        } catch (RuntimeException e) {
            Arrays.fill(pin, '\0');
            throw e;
        }
    }

    private static void check(PinInfo rules, char[] pin, long badCharacters) {
        try {
            rules.checkFormat(pin);
        } catch (PinFormatException e) {
            throw new CkrException(e.reason() == PinFormatException.Reason.CHARACTERS ? badCharacters : Ck.CKR_PIN_LEN_RANGE,
                    e.getMessage());
        }
    }
}

package io.github.eid4j.pkcs11;

import io.github.eid4j.card.OneTimePin;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/**
 * A CKM_RSA_PKCS decryption from C_DecryptInit to the end of C_Decrypt. The card removes the
 * padding, so the plaintext's length is known only after the card has decrypted: when the
 * application's buffer is too short, the plaintext is kept here (not decrypted twice) for the
 * call with a longer buffer, and wiped when the operation ends.
 */
final class DecryptOperation implements AutoCloseable {
    private final TokenObject key;
    private byte[] plaintext;
    private boolean closed;

    DecryptOperation(TokenObject key) {
        this.key = key;
    }

    TokenObject key() {
        return key;
    }

    /** The modulus length in bytes: the only length a cryptogram may have. */
    int cryptogramLength() {
        return (((RSAPublicKey) key.key().publicKey()).getModulus().bitLength() + 7) / 8;
    }

    /** CKR_ENCRYPTED_DATA_LEN_RANGE, before the cryptogram is copied, unless it is as long as the modulus. */
    void checkLength(long length) {
        if (length != cryptogramLength()) {
            throw new CkrException(Ck.CKR_ENCRYPTED_DATA_LEN_RANGE);
        }
    }

    /** The longest plaintext PKCS#1 v1.5 padding leaves room for: the answer to a length query. */
    int maxPlaintextLength() {
        return cryptogramLength() - 11;
    }

    /**
     * The plaintext of a cryptogram that passed {@link #checkLength}, from the card the first time.
     * A removal of the card may close the operation while the card decrypts: the answer is then
     * wiped, not kept (CKR_SESSION_CLOSED).
     */
    byte[] plaintext(Card card, byte[] cryptogram) {
        synchronized (this) {
            if (plaintext != null) {
                return plaintext;
            }
        }
        byte[] fresh = card.decrypt(key.key(), cryptogram, OneTimePin.none());
        synchronized (this) {
            if (closed) {
                Arrays.fill(fresh, (byte) 0);
                throw new CkrException(Ck.CKR_SESSION_CLOSED);
            }
            plaintext = fresh;
            return plaintext;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (plaintext != null) {
            Arrays.fill(plaintext, (byte) 0);
            plaintext = null;
        }
    }
}

package io.github.eid4j.pkcs11;

import io.github.eid4j.card.KeyEntry;
import java.util.List;
import java.util.function.Predicate;

/**
 * A session with a token: read-only or read/write, and at most one object search and one
 * signature under way. An application uses a session from one thread at a time (PKCS#11 §5.1),
 * but the methods are synchronized so that a misbehaving one cannot corrupt it.
 */
final class Session {
    private final long handle;
    private final Slot slot;
    private final Token token;
    private final boolean readWrite;
    private List<Long> found;
    private int foundPosition;
    private SignOperation sign;
    private DecryptOperation decrypt;
    private java.security.MessageDigest digest;
    private boolean digestMultipart;

    Session(long handle, Slot slot, Token token, boolean readWrite) {
        this.handle = handle;
        this.slot = slot;
        this.token = token;
        this.readWrite = readWrite;
    }

    long handle() {
        return handle;
    }

    Slot slot() {
        return slot;
    }

    /** The token the session was opened with (a card removed and inserted again is a new token). */
    Token token() {
        return token;
    }

    boolean isReadWrite() {
        return readWrite;
    }

    /** CKS_: public or user functions, read-only or read/write; from the token's login state. */
    long state() {
        if (token().isSoLoggedIn()) {
            return Ck.CKS_RW_SO_FUNCTIONS;
        }
        boolean user = token().isLoggedIn();
        return readWrite ? (user ? Ck.CKS_RW_USER_FUNCTIONS : Ck.CKS_RW_PUBLIC_SESSION)
                : (user ? Ck.CKS_RO_USER_FUNCTIONS : Ck.CKS_RO_PUBLIC_SESSION);
    }

    /**
     * The object with this handle if the session may see it (a private one only after login, or
     * always for a token that asks for its PIN at use),
     * else {@code invalid}; for a key, a private one before login is CKR_USER_NOT_LOGGED_IN.
     */
    TokenObject visibleObject(long hObject, long invalid) {
        TokenObject object = token.object(hObject);
        CkrException.require(object != null, invalid);
        if (object.isPrivate() && !token.showsPrivateObjects()) {
            throw new CkrException(invalid == Ck.CKR_KEY_HANDLE_INVALID ? Ck.CKR_USER_NOT_LOGGED_IN : invalid);
        }
        return object;
    }

    /**
     * A private key of this session's token for a cryptographic operation: CKR_KEY_HANDLE_INVALID
     * for no key, CKR_KEY_FUNCTION_NOT_PERMITTED for a key that cannot {@code permitted}.
     */
    TokenObject privateKey(long hKey, Predicate<KeyEntry> permitted) {
        TokenObject key = visibleObject(hKey, Ck.CKR_KEY_HANDLE_INVALID);
        CkrException.require(key.key() != null, Ck.CKR_KEY_HANDLE_INVALID);
        CkrException.require(key.isPrivateKey() && permitted.test(key.key()), Ck.CKR_KEY_FUNCTION_NOT_PERMITTED);
        return key;
    }

    // ---- object search

    synchronized void startSearch(List<Long> handles) {
        if (found != null) {
            throw new CkrException(Ck.CKR_OPERATION_ACTIVE);
        }
        found = List.copyOf(handles);
        foundPosition = 0;
    }

    /** Up to max more handles of the search. */
    synchronized List<Long> nextFound(int max) {
        if (found == null) {
            throw new CkrException(Ck.CKR_OPERATION_NOT_INITIALIZED);
        }
        int end = (int) Math.min((long) foundPosition + max, found.size());
        List<Long> out = found.subList(foundPosition, end);
        foundPosition = end;
        return out;
    }

    synchronized void endSearch() {
        if (found == null) {
            throw new CkrException(Ck.CKR_OPERATION_NOT_INITIALIZED);
        }
        found = null;
    }

    // ---- signature

    synchronized void startSign(SignOperation operation) {
        if (sign != null) {
            operation.close();
            throw new CkrException(Ck.CKR_OPERATION_ACTIVE);
        }
        sign = operation;
    }

    /** The signature under way, or CKR_OPERATION_NOT_INITIALIZED. */
    synchronized SignOperation sign() {
        if (sign == null) {
            throw new CkrException(Ck.CKR_OPERATION_NOT_INITIALIZED);
        }
        return sign;
    }

    /** The signature under way, or null. */
    synchronized SignOperation signOrNull() {
        return sign;
    }

    synchronized void endSign() {
        if (sign != null) {
            sign.close();
            sign = null;
        }
    }

    // ---- decryption

    synchronized void startDecrypt(DecryptOperation operation) {
        if (decrypt != null) {
            throw new CkrException(Ck.CKR_OPERATION_ACTIVE);
        }
        decrypt = operation;
    }

    /** The decryption under way, or CKR_OPERATION_NOT_INITIALIZED. */
    synchronized DecryptOperation decrypt() {
        if (decrypt == null) {
            throw new CkrException(Ck.CKR_OPERATION_NOT_INITIALIZED);
        }
        return decrypt;
    }

    synchronized void endDecrypt() {
        if (decrypt != null) {
            decrypt.close();
            decrypt = null;
        }
    }

    // ---- digest (software)

    synchronized void startDigest(java.security.MessageDigest operation) {
        if (digest != null) {
            throw new CkrException(Ck.CKR_OPERATION_ACTIVE);
        }
        digest = operation;
        digestMultipart = false;
    }

    /** The digest under way, or CKR_OPERATION_NOT_INITIALIZED. */
    synchronized java.security.MessageDigest digest() {
        if (digest == null) {
            throw new CkrException(Ck.CKR_OPERATION_NOT_INITIALIZED);
        }
        return digest;
    }

    synchronized boolean isDigestMultipart() {
        return digestMultipart;
    }

    synchronized void digestUpdate(byte[] part) {
        digest().update(part);
        digestMultipart = true;
    }

    synchronized void endDigest() {
        digest = null;
    }

    /** Ends whatever is under way (the session closes). */
    synchronized void close() {
        found = null;
        endSign();
        endDecrypt();
        endDigest();
        token.removeSessionObjects(handle);
    }
}

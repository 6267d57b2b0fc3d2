package io.github.eid4j.pkcs11;

/** A PKCS#11 return value other than CKR_OK, thrown where the check is made and returned by the upcall. */
final class CkrException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long rv;

    CkrException(long rv) {
        super(null, null, false, false);
        this.rv = rv;
    }

    CkrException(long rv, String message) {
        super(message, null, false, false);
        this.rv = rv;
    }

    long rv() {
        return rv;
    }

    /** Throws {@code rv} unless {@code condition} holds: the form of every argument and state check. */
    static void require(boolean condition, long rv) {
        if (!condition) {
            throw new CkrException(rv);
        }
    }
}

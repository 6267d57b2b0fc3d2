package io.github.eid4j.pkcs11;

/**
 * What the module says on stderr: nothing in normal use; one line for a problem the user must
 * fix (a configured card that cannot be opened) or for a bug; with {@code debug = true} in the
 * config file or EID4J_PKCS11_DEBUG set, also why a call failed. Never a PIN.
 */
final class Log {
    private static volatile boolean debug = System.getenv("EID4J_PKCS11_DEBUG") != null;

    private Log() {
    }

    static void enableDebug() {
        debug = true;
    }

    static boolean debugging() {
        return debug;
    }

    static void problem(String message) {
        System.err.println("eid4j-pkcs11: " + message);
    }

    static void debug(String message) {
        if (debug) {
            System.err.println("eid4j-pkcs11: " + message);
        }
    }

    static void bug(String function, Throwable t) {
        problem(function + " failed: " + t);
        if (debug) {
            t.printStackTrace();
        }
    }
}

package io.github.eid4j.cli.login;

/**
 * The JDK's revocation checking as the login service wants it: the CRL fallback on (the JDK
 * fetches a certificate's CRL distribution points only when asked), and short time limits, so
 * that an issuer that does not answer costs a user seconds, not minutes. These are system
 * properties, read once by the JDK: a value the user set on the command line is kept.
 */
final class RevocationSettings {
    /** Seconds to connect to, and to read from, an OCSP responder or a CRL's server. */
    static final String TIMEOUT_SECONDS = "5";

    private RevocationSettings() {
    }

    static synchronized void apply() {
        keepOrSet("com.sun.security.enableCRLDP", "true");
        keepOrSet("com.sun.security.ocsp.timeout", TIMEOUT_SECONDS);
        keepOrSet("com.sun.security.ocsp.readtimeout", TIMEOUT_SECONDS);
        keepOrSet("com.sun.security.crl.timeout", TIMEOUT_SECONDS);
        keepOrSet("com.sun.security.crl.readtimeout", TIMEOUT_SECONDS);
    }

    private static void keepOrSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}

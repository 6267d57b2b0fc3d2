package io.github.eid4j.cli.login;

/**
 * What the login service tells a user after the TLS handshake, in the words of a relying party
 * (the Luxembourg State's online services, whose "No certificate was sent by your browser" is
 * taken as it is; the others follow the issuer's own words on suspension and revocation), with
 * the HTTP status and the one word a script reads from {@code /status}.
 */
public enum LoginOutcome {
    /** Logged in: the page greets the holder by name. */
    GOOD("good", 200, "Hello, %s! You are logged in with your eID card."),
    NO_CERTIFICATE("no-certificate", 403, "No certificate was sent by your browser."),
    UNKNOWN_ISSUER("unknown-issuer", 403,
            "Your certificate was issued by a certification authority this service does not know."),
    EXPIRED("expired", 403, "Your certificate has expired."),
    NOT_YET_VALID("not-yet-valid", 403, "Your certificate is not valid yet."),
    SUSPENDED("suspended", 403, "Your certificate is suspended. Suspended certificates can be reactivated by their issuer;"
            + " the suspension of a certificate does not affect the validity of the ID card."),
    REVOKED("revoked", 403, "Your certificate has been revoked. Revocation of a certificate is final and irreversible;"
            + " it does not affect the validity of the ID card."),
    /** Neither the issuer's OCSP responder nor its CRL could be reached in time, or they did not know the certificate. */
    STATUS_UNKNOWN("status-unknown", 503, "The status of your certificate could not be checked. Please retry later."),
    /** A chain to a known issuer that still does not validate: a bad signature, a CA that may not issue, and the like. */
    INVALID("invalid", 403, "Your certificate cannot be used to log in to this service.");

    private final String word;
    private final int httpStatus;
    private final String sentence;

    LoginOutcome(String word, int httpStatus, String sentence) {
        this.word = word;
        this.httpStatus = httpStatus;
        this.sentence = sentence;
    }

    /** The word {@code /status} answers, for scripts: "good", "no-certificate", "revoked", ... */
    public String word() {
        return word;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** What the page says; {@link #GOOD}'s names the holder. */
    public String sentence(String holderName) {
        return String.format(sentence, holderName);
    }
}

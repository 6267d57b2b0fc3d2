package io.github.eid4j.pkcs11;

import io.github.eid4j.card.KeyPurpose;
import java.util.Locale;
import java.util.Map;

/**
 * The labels (CKA_LABEL) of a card's keys and their certificates, in the language of the user's
 * messages where we have it (the languages of Finland and Luxembourg), else English: a browser
 * shows a certificate as "token label:certificate label". The certificate, its public key and its
 * private key share the label, as PKCS#11 programs pair them by it.
 */
enum KeyLabels {
    ENGLISH("en", "Authentication", "Signature"),
    FINNISH("fi", "Todentaminen", "Allekirjoitus"),
    SWEDISH("sv", "Autentisering", "Underskrift"),
    FRENCH("fr", "Authentification", "Signature"),
    GERMAN("de", "Authentisierung", "Signatur");

    private final String language;
    private final String authentication;
    private final String signature;

    KeyLabels(String language, String authentication, String signature) {
        this.language = language;
        this.authentication = authentication;
        this.signature = signature;
    }

    String of(KeyPurpose purpose) {
        return purpose == KeyPurpose.AUTHENTICATION ? authentication : signature;
    }

    /**
     * The labels for the language of messages in this environment, as POSIX picks it: LC_ALL,
     * else LC_MESSAGES, else LANG ("fi_FI.UTF-8"); English for another language, "C" or none.
     */
    static KeyLabels forEnvironment(Map<String, String> environment) {
        for (String variable : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String locale = environment.get(variable);
            if (locale != null && !locale.isEmpty()) {
                String language = locale.split("[_.@]", 2)[0].toLowerCase(Locale.ROOT);
                for (KeyLabels labels : values()) {
                    if (labels.language.equals(language)) {
                        return labels;
                    }
                }
                return ENGLISH;
            }
        }
        return ENGLISH;
    }
}

package io.github.eid4j.pkcs11;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The names a person reads to tell cards apart: browsers ask for a PIN naming the token's label,
 * and NSS names a certificate "token label:certificate label". A token label says whose card it
 * is, which PIN, and the last four characters of the token's serial number, so that two cards of
 * the same holder (an old and a new one) differ too: "Maija Meikäläinen (PIN1) #7850". It fits
 * CK_TOKEN_INFO's 32 bytes of UTF-8: a long name is cut, at a character, never the PIN or the
 * serial. The slot description names the reader, then the card: "Virtual PCD 00 00 (FINEID v4.0
 * #7850)".
 */
final class TokenLabels {
    static final int LABEL_BYTES = 32;
    static final int DESCRIPTION_BYTES = 64;
    /** CK_TOKEN_INFO's serialNumber: what pkcs11-tool shows as "serial num". */
    static final int SERIAL_BYTES = 16;
    private static final int SERIAL_TAIL = 4;
    /** Without these, RFC 2253 writes the two attributes as hex DER. */
    private static final Map<String, String> NAME_KEYWORDS = Map.of("2.5.4.42", "GIVENNAME", "2.5.4.4", "SURNAME");

    private TokenLabels() {
    }

    /**
     * "Maija Meikäläinen (PIN1) #7850".
     *
     * @param holder the card holder's name, or the card's kind ("FINEID") if it names nobody
     * @param pin the PIN's label ("PIN1")
     * @param serial the token's serial number (only its first {@value #SERIAL_BYTES} characters are shown)
     */
    static String token(String holder, String pin, String serial) {
        return fit(holder, " (" + pin + ") #" + serialTail(serial), LABEL_BYTES);
    }

    /** "Virtual PCD 00 00 (FINEID v4.0 #7850)". */
    static String slot(String where, String model, String serial) {
        return fit(where, " (" + model + " #" + serialTail(serial) + ")", DESCRIPTION_BYTES);
    }

    /** The last characters of the serial number as CK_TOKEN_INFO shows it. */
    private static String serialTail(String serial) {
        String shown = serial.length() > SERIAL_BYTES ? serial.substring(0, SERIAL_BYTES) : serial;
        return shown.substring(Math.max(0, shown.length() - SERIAL_TAIL));
    }

    /** {@code head} cut (at a character) so that it and {@code tail} fit in {@code bytes} of UTF-8. */
    private static String fit(String head, String tail, int bytes) {
        int room = bytes - tail.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < head.length();) {
            int cp = head.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > room) {
                break;
            }
            out.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return out.toString().strip() + tail;
    }

    /**
     * The holder as people write names: the first given name and the surname of the certificate's
     * subject (FINEID and LuxTrust certificates have both), else its common name, else
     * {@code otherwise}.
     */
    static String holder(X509Certificate certificate, String otherwise) {
        String given = null;
        String surname = null;
        String common = null;
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253, NAME_KEYWORDS)).getRdns()) {
                String type = rdn.getType().toUpperCase(Locale.ROOT);
                String value = String.valueOf(rdn.getValue());
                switch (type) {
                    case "GIVENNAME" -> given = value.strip().split("\\s+")[0];
                    case "SURNAME" -> surname = value.strip();
                    case "CN" -> common = value.strip();
                    default -> {
                    }
                }
            }
        } catch (InvalidNameException e) {
            return otherwise;
        }
        if (given != null && surname != null) {
            return given + " " + surname;
        }
        return common != null && !common.isEmpty() ? common : otherwise;
    }
}

package io.github.eid4j.card.pki;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * The person a test citizen certificate is issued to, with what DVV puts in a FINEID citizen
 * certificate's subject: given name, surname and the electronic identification number (SATU,
 * "sähköinen asiointitunnus"), which goes into the SERIALNUMBER attribute, and an optional
 * e-mail address for the authentication certificate's subjectAltName.
 *
 * @param givenName the given name or names, as they appear in GIVENNAME
 * @param surname the surname, as it appears in SURNAME
 * @param serialNumber the SATU, as it appears in SERIALNUMBER and at the end of CN
 * @param email the e-mail address, if the citizen gave one
 */
public record Citizen(String givenName, String surname, String serialNumber, Optional<String> email) {

    /**
     * The prefix of every generated serial number. Test SATUs are made to start with 999, as
     * DVV's specimen cards' do (99900335E, 99902038C), so that they stand out.
     */
    public static final String TEST_SERIAL_PREFIX = "999";

    /** A SATU is eight digits and a check character. */
    private static final int SERIAL_DIGITS = 8;
    /**
     * The check character: the eight digits as a number, modulo 31, in the alphabet of the
     * Finnish personal identity code (both specimen SATUs above check out this way).
     */
    private static final String CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY";

    public Citizen {
        requireText(givenName, "givenName");
        requireText(surname, "surname");
        requireText(serialNumber, "serialNumber");
        Objects.requireNonNull(email, "email");
        email.ifPresent(address -> {
            if (address.indexOf('@') < 1 || address.indexOf('@') == address.length() - 1) {
                throw new IllegalArgumentException("'" + address + "' is not an e-mail address.");
            }
        });
    }

    public static Citizen of(String givenName, String surname, String serialNumber) {
        return new Citizen(givenName, surname, serialNumber, Optional.empty());
    }

    public Citizen withEmail(String address) {
        return new Citizen(givenName, surname, serialNumber, Optional.of(address));
    }

    /** A citizen with a fresh {@link #randomTestSerialNumber test serial number}. */
    public static Citizen test(String givenName, String surname, SecureRandom random) {
        return of(givenName, surname, randomTestSerialNumber(random));
    }

    /** Eight digits starting with {@value #TEST_SERIAL_PREFIX} and their check character, for example 99948271F. */
    public static String randomTestSerialNumber(SecureRandom random) {
        StringBuilder serial = new StringBuilder(TEST_SERIAL_PREFIX);
        while (serial.length() < SERIAL_DIGITS) {
            serial.append((char) ('0' + random.nextInt(10)));
        }
        return serial.append(checkCharacter(serial.toString())).toString();
    }

    /** The check character of a SATU's eight digits. */
    static char checkCharacter(String digits) {
        return CHECK_CHARACTERS.charAt(Integer.parseInt(digits) % CHECK_CHARACTERS.length());
    }

    /** "SURNAME GIVENNAME SERIAL", the shape of the CN in DVV's citizen certificates. */
    public String commonName() {
        return surname + " " + givenName + " " + serialNumber;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A citizen needs a " + name + ".");
        }
    }
}

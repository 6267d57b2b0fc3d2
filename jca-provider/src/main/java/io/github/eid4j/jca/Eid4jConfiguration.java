package io.github.eid4j.jca;

import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.card.CardProfile;
import io.github.eid4j.card.EidCards;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.InvalidParameterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Which card a provider uses and how long it waits for it: {@code new Eid4jProvider(configuration)}.
 * The same as the text {@link Eid4jProvider#configure(String)} takes, built in code, so that a
 * reader name needs no quoting:
 * <pre>{@code
 * Eid4jConfiguration.reader("Virtual PCD 00 00").cardTimeout(Duration.ofSeconds(10))
 * Eid4jConfiguration.virtualCard("demo")
 * Eid4jConfiguration.firstCard().profile("FINEID")
 * }</pre>
 * The text form (like SunPKCS11's) is inline text starting with "--" or the path of a
 * properties file, with the keys:
 * <ul>
 *   <li>{@code reader=<name>} the card in that PC/SC reader; {@code reader=<n>} the reader at
 *       index n of {@code eid readers} (from 0)</li>
 *   <li>{@code virtual=<name>} the virtual card of that name, in this process, from
 *       $EID4J_HOME/cards (or ~/.eid4j/cards)</li>
 *   <li>{@code pkcs11.token=<label>} with {@code pkcs11}: that module's token of this label</li>
 *   <li>{@code pkcs11=<module>} the first token of that PKCS#11 module (a path, or "installed"
 *       for the first vendor middleware found: the Thales Classic Client, mPollux DigiSign)</li>
 *   <li>{@code profile=<name>} only cards of that profile (e.g. FINEID)</li>
 *   <li>{@code card.timeout=<seconds>} how long to wait for the card to answer one command
 *       ("500ms" for milliseconds; default: the system property eid4j.card.timeout, else 30 s);
 *       a card that lets it pass fails with {@link CardNotAnsweringException}</li>
 * </ul>
 * Inline entries are separated by newlines or ';'. Without reader and virtual the provider takes
 * the first supported card in any reader. Instances are immutable; each method that refines one
 * returns a new one, and refuses a wrong value with {@link InvalidParameterException}.
 */
public final class Eid4jConfiguration {
    private static final Eid4jConfiguration FIRST_CARD = new Eid4jConfiguration(null, -1, null, null, null, null, null);
    private static final Set<String> KEYS = Set.of("reader", "virtual", "profile", "card.timeout", "pkcs11", "pkcs11.token");

    private final String reader;
    private final int readerIndex;
    private final String virtual;
    private final String profile;
    private final Duration cardTimeout;
    private final String pkcs11;
    private final String pkcs11Token;

    private Eid4jConfiguration(String reader, int readerIndex, String virtual, String profile, Duration cardTimeout, String pkcs11,
            String pkcs11Token) {
        this.pkcs11 = pkcs11;
        this.pkcs11Token = pkcs11Token;
        this.reader = reader;
        this.readerIndex = readerIndex;
        this.virtual = virtual;
        this.profile = profile;
        this.cardTimeout = cardTimeout;
    }

    /** The first supported card in any PC/SC reader, as {@code new Eid4jProvider()} uses. */
    public static Eid4jConfiguration firstCard() {
        return FIRST_CARD;
    }

    /** The card in the PC/SC reader of this name ("Virtual PCD 00 00"). */
    public static Eid4jConfiguration reader(String name) {
        return new Eid4jConfiguration(required("reader", name), -1, null, null, null, null, null);
    }

    /** The card in the reader at this index of the PC/SC list ({@code eid readers}), from 0. */
    public static Eid4jConfiguration reader(int index) {
        if (index < 0) {
            throw new InvalidParameterException("Readers are numbered from 0, not " + index + ".");
        }
        return new Eid4jConfiguration(null, index, null, null, null, null, null);
    }

    /** The virtual card of this name ($EID4J_HOME/cards/&lt;name&gt;, else ~/.eid4j/cards), in this process. */
    public static Eid4jConfiguration virtualCard(String name) {
        return new Eid4jConfiguration(null, -1, required("virtual", name), null, null, null, null);
    }

    /**
     * The first token of a PKCS#11 module: the path of a vendor's module
     * ("/usr/lib/pkcs11/libgclib.so", the Thales Classic Client of the Luxembourg eID), or
     * "installed" for the first vendor module found on this machine (docs/jca.md lists where it looks).
     */
    public static Eid4jConfiguration pkcs11Module(String module) {
        return new Eid4jConfiguration(null, -1, null, null, null, required("pkcs11", module), null);
    }

    /** The same module, taking its token of this label (a module may show one token per PIN of a card: "FINEID (PIN2)"). */
    public Eid4jConfiguration pkcs11Token(String label) {
        if (pkcs11 == null) {
            throw new InvalidParameterException("A token label needs a PKCS#11 module (pkcs11=<module>).");
        }
        return new Eid4jConfiguration(null, -1, null, null, cardTimeout, pkcs11, required("pkcs11.token", label));
    }

    /** The same, taking only cards of this profile ("FINEID", any case). */
    public Eid4jConfiguration profile(String name) {
        if (pkcs11 != null) {
            throw new InvalidParameterException("A PKCS#11 module's token has no card profile; give a module or a profile, not both.");
        }
        return new Eid4jConfiguration(reader, readerIndex, virtual, knownProfile(required("profile", name)), cardTimeout, pkcs11, pkcs11Token);
    }

    /** The same, waiting at most this long for the card to answer one command. */
    public Eid4jConfiguration cardTimeout(Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new InvalidParameterException("The card time limit must be above zero.");
        }
        return new Eid4jConfiguration(reader, readerIndex, virtual, profile, limit, pkcs11, pkcs11Token);
    }

    /** @throws InvalidParameterException with one sentence, as Provider.configure promises */
    static Eid4jConfiguration parse(String argument) {
        if (argument == null || argument.isBlank()) {
            throw new InvalidParameterException("The Eid4j configuration is empty; give \"--virtual=<name>\", \"--reader=<name>\" or the path of a configuration file.");
        }
        Properties properties = new Properties();
        String source;
        try {
            if (argument.startsWith("--")) {
                source = "inline configuration";
                // Properties treats '\' as an escape; reader names never need one, so keep it literal.
                String text = argument.substring(2).replace(";", "\n").replace("\\", "\\\\");
                properties.load(new StringReader(text));
            } else {
                Path file = Path.of(argument);
                source = "configuration file " + file;
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(in);
                }
            }
        } catch (InvalidPathException | IOException e) {
            InvalidParameterException failure = new InvalidParameterException("The Eid4j configuration file " + argument
                    + " cannot be read; inline configuration starts with \"--\", e.g. \"--virtual=demo\".");
            failure.initCause(e);
            throw failure;
        }
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new InvalidParameterException("Unknown key '" + key + "' in the Eid4j " + source
                        + "; the keys are reader, virtual, pkcs11, pkcs11.token, profile and card.timeout.");
            }
        }
        String reader = value(properties, "reader");
        String virtual = value(properties, "virtual");
        String profile = value(properties, "profile");
        String timeout = value(properties, "card.timeout");
        String pkcs11 = value(properties, "pkcs11");
        String pkcs11Token = value(properties, "pkcs11.token");
        if (pkcs11Token != null && pkcs11 == null) {
            throw new InvalidParameterException("A token label needs a PKCS#11 module (pkcs11=<module>).");
        }
        Duration cardTimeout = null;
        if (timeout != null) {
            try {
                cardTimeout = CardTimeout.parse(timeout);
            } catch (IllegalArgumentException e) {
                InvalidParameterException failure = new InvalidParameterException(e.getMessage());
                failure.initCause(e);
                throw failure;
            }
        }
        if ((reader != null ? 1 : 0) + (virtual != null ? 1 : 0) + (pkcs11 != null ? 1 : 0) > 1) {
            throw new InvalidParameterException("The Eid4j " + source + " names more than one of a reader, a virtual card and a PKCS#11 module; give one.");
        }
        if (pkcs11 != null && profile != null) {
            throw new InvalidParameterException("A PKCS#11 module's token has no card profile; give a module or a profile, not both.");
        }
        if (profile != null) {
            profile = knownProfile(profile);
        }
        int index = -1;
        if (reader != null && reader.chars().allMatch(Character::isDigit)) {
            try {
                index = Integer.parseInt(reader);
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("Reader number " + reader + " is too large.");
            }
            reader = null;
        }
        return new Eid4jConfiguration(reader, index, virtual, profile, cardTimeout, pkcs11, pkcs11Token);
    }

    private static String value(Properties properties, String key) {
        String v = properties.getProperty(key);
        return v == null ? null : required(key, v);
    }

    private static String required(String key, String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw new InvalidParameterException("The Eid4j configuration key '" + key + "' has no value.");
        }
        return v;
    }

    private static String knownProfile(String name) {
        List<String> known = new ArrayList<>();
        for (CardProfile p : EidCards.profiles()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p.name();
            }
            known.add(p.name());
        }
        throw new InvalidParameterException("There is no card profile '" + name + "'; the profiles are: " + String.join(", ", known) + ".");
    }

    /** The reader's name, or null. */
    String readerName() {
        return reader;
    }

    /** The reader's index in the PC/SC list, or -1. */
    int readerIndex() {
        return readerIndex;
    }

    /** The virtual card's name, or null. */
    String virtual() {
        return virtual;
    }

    /** The PKCS#11 module (a path, or "installed"), or null. */
    String pkcs11() {
        return pkcs11;
    }

    /** The label of the module's token to take, or null for its first. */
    String pkcs11Token() {
        return pkcs11Token;
    }

    /** The profile cards must have (its exact name), or null for any. */
    String profile() {
        return profile;
    }

    /** How long to wait for the card to answer one command. */
    Duration cardTimeout() {
        return cardTimeout != null ? cardTimeout : CardTimeout.configured();
    }

    /** "virtual card 'demo'", "reader 'Virtual PCD 00 00'", "reader 0", "the first supported card". */
    String describe() {
        String where = pkcs11 != null ? (pkcs11Token != null ? "token '" + pkcs11Token + "' of " : "") + "PKCS#11 module " + pkcs11
                : virtual != null ? "virtual card '" + virtual + "'"
                : reader != null ? "reader '" + reader + "'"
                : readerIndex >= 0 ? "reader " + readerIndex
                : "the first supported card";
        return profile == null ? where : where + " (" + profile + " only)";
    }

    /** The same as {@link #describe()}: names keep their case. */
    @Override
    public String toString() {
        return describe();
    }
}

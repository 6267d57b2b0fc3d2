package io.github.eid4j.pkcs11;

import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The module's config file, eid4j-pkcs11.conf: "key = value" lines and '#' comments. The C
 * bootstrap reads {@code java.home}, {@code jars} and {@code jvm.option}; this side reads
 * <ul>
 * <li>{@code virtual.card = <name>}: a virtual card from the eid4j home to show as a slot
 * (one line per card, or several names separated by commas);</li>
 * <li>{@code eid4j.home = <folder>}: where the virtual cards are (default: EID4J_HOME, else ~/.eid4j);</li>
 * <li>{@code unblock.with.setpin = true}: C_SetPIN on a blocked PIN, in a session not logged
 * in, takes the old value as the PUK (OpenSC's "set_pin_in_unlogged_session", what
 * {@code pkcs11-tool --unlock-pin} needs); off by default, because a change-PIN dialog would
 * then spend a PUK try on an old PIN;</li>
 * <li>{@code readers = false}: show no PC/SC readers (default: each reader is two slots);</li>
 * <li>{@code card.timeout = <seconds>}: how long the module waits for a card to answer one
 * command ("500ms" for milliseconds; default: the system property eid4j.card.timeout, else 30);
 * a card that lets it pass answers CKR_DEVICE_ERROR and is dropped until it is inserted again;</li>
 * <li>{@code can = <digits>}: the CAN (printed on the card) that opens a card behind PACE, the
 * Luxembourg eID, in any reader or virtual card; one remembered for the card's place by
 * {@code eid … --remember-can} comes first. The module cannot ask anyone, so without either such
 * a card shows no token;</li>
 * <li>{@code pin.dialog = false}: never show the module's PIN dialog (default: shown where there
 * is an X display, and tokens then have the protected authentication path);</li>
 * <li>{@code pin.dialog.timeout = <seconds>}: how long one login may keep the dialog up (default
 * 20, shorter than a browser's TLS handshake waits);</li>
 * <li>{@code debug = true}: say on stderr why a call failed.</li>
 * </ul>
 * Which tokens a card shows is not in the file but in the build of the C bootstrap that loads
 * it: every PIN's, or the authentication key's only in libeid4j-pkcs11-login.so, the build for
 * browsers ({@link #authenticationOnly()}).
 */
final class ModuleConfig {
    private final Path file;
    private final List<String> virtualCards;
    private final Path eid4jHome;
    private final boolean readers;
    private final boolean unblockWithSetPin;
    private final Duration cardTimeout;
    private final char[] can;
    private final boolean debug;
    private final boolean pinDialog;
    private final Duration pinDialogTimeout;
    private final boolean authenticationOnly;

    ModuleConfig(Path file, List<String> virtualCards, Path eid4jHome, boolean readers, boolean debug) {
        this(file, virtualCards, eid4jHome, readers, false, null, null, debug, true, null, false);
    }

    /** @param cardTimeout null for the default */
    private ModuleConfig(Path file, List<String> virtualCards, Path eid4jHome, boolean readers, boolean unblockWithSetPin,
            Duration cardTimeout, char[] can, boolean debug, boolean pinDialog, Duration pinDialogTimeout, boolean authenticationOnly) {
        this.file = file;
        this.virtualCards = List.copyOf(virtualCards);
        this.eid4jHome = eid4jHome;
        this.readers = readers;
        this.unblockWithSetPin = unblockWithSetPin;
        this.cardTimeout = cardTimeout;
        this.can = can;
        this.debug = debug;
        this.pinDialog = pinDialog;
        this.pinDialogTimeout = pinDialogTimeout;
        this.authenticationOnly = authenticationOnly;
    }

    /**
     * This config for the build of the C bootstrap that loaded it.
     *
     * @param tokens "all", or "authentication" for the build for browsers
     */
    ModuleConfig showing(String tokens) {
        boolean only = switch (tokens) {
            case "all" -> false;
            case "authentication" -> true;
            default -> throw new IllegalArgumentException("The C bootstrap asks for tokens '" + tokens + "', which this module does not know.");
        };
        return new ModuleConfig(file, virtualCards, eid4jHome, readers, unblockWithSetPin, cardTimeout, can, debug, pinDialog, pinDialogTimeout, only);
    }

    /** No config file: the PC/SC readers, no virtual cards. */
    static ModuleConfig none() {
        return new ModuleConfig(null, List.of(), null, true, false, null, null, false, true, null, false);
    }

    static ModuleConfig read(Path file) throws IOException {
        List<String> cards = new ArrayList<>();
        Path home = null;
        boolean readers = true;
        boolean unblockWithSetPin = false;
        Duration cardTimeout = null;
        char[] can = null;
        boolean debug = false;
        boolean pinDialog = true;
        Duration pinDialogTimeout = null;
        Path folder = file.toAbsolutePath().getParent();
        int number = 0;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IOException(file + " line " + number + " is not 'key = value'.");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            switch (key) {
                case "virtual.card":
                    for (String name : value.split(",")) {
                        if (!name.isBlank()) {
                            cards.add(name.strip());
                        }
                    }
                    break;
                case "eid4j.home":
                    home = folder.resolve(value);
                    break;
                case "readers":
                    readers = bool(file, number, value);
                    break;
                case "unblock.with.setpin":
                    unblockWithSetPin = bool(file, number, value);
                    break;
                case "card.timeout":
                    try {
                        cardTimeout = CardTimeout.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new IOException(file + " line " + number + ": " + e.getMessage(), e);
                    }
                    break;
                case "pin.dialog":
                    pinDialog = bool(file, number, value);
                    break;
                case "pin.dialog.timeout":
                    try {
                        pinDialogTimeout = CardTimeout.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new IOException(file + " line " + number + ": " + e.getMessage(), e);
                    }
                    break;
                case "can":
                    if (!value.matches("[0-9]{6}")) {
                        // the value is not repeated: it may be a PIN written in the wrong place
                        throw new IOException(file + " line " + number + ": the CAN is the 6-digit number printed on the front of the card.");
                    }
                    can = value.toCharArray();
                    break;
                case "debug":
                    debug = bool(file, number, value);
                    break;
                default:
                    // java.home, jars, jvm.option: the C bootstrap's
            }
        }
        return new ModuleConfig(file, cards, home, readers, unblockWithSetPin, cardTimeout, can, debug, pinDialog, pinDialogTimeout, false);
    }

    private static boolean bool(Path file, int number, String value) throws IOException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IOException(file + " line " + number + " should be true or false, not '" + value + "'.");
        };
    }

    /** The file read, or null. */
    Path file() {
        return file;
    }

    List<String> virtualCards() {
        return virtualCards;
    }

    /** The folder holding cards/, or null for the default (EID4J_HOME, else ~/.eid4j). */
    Path eid4jHome() {
        return eid4jHome;
    }

    /** Whether the PC/SC readers are slots. */
    boolean readers() {
        return readers;
    }

    /** Whether C_SetPIN with the PUK unblocks a blocked PIN. */
    boolean unblockWithSetPin() {
        return unblockWithSetPin;
    }

    /** How long to wait for a card to answer one command. */
    Duration cardTimeout() {
        return cardTimeout != null ? cardTimeout : CardTimeout.configured();
    }

    /**
     * What answers a card's question for its CAN: the configured one (a copy, which the card
     * wipes), else nothing (a cancel): the module has no one to ask.
     */
    PinCallback canAnswers() {
        return request -> {
            if (request.step() != PinRequest.Step.CAN || can == null) {
                throw new CancelledPinEntryException();
            }
            return can.clone();
        };
    }

    boolean debug() {
        return debug;
    }

    /** Whether the module may show its PIN dialog (where there is a display). */
    boolean pinDialog() {
        return pinDialog;
    }

    /** How long one login may keep the PIN dialog up. */
    Duration pinDialogTimeout() {
        return pinDialogTimeout != null ? pinDialogTimeout : PinDialogProgram.DEFAULT_TIME_LIMIT;
    }

    /**
     * Whether each card shows only its authentication key, as one token (browsers: NSS logs in
     * to every token that needs a login when it looks for a client certificate, and would ask
     * for the signature PIN too).
     */
    boolean authenticationOnly() {
        return authenticationOnly;
    }
}

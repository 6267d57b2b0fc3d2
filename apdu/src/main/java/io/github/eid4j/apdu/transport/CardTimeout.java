package io.github.eid4j.apdu.transport;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * How long the host waits for a card to answer one command before it takes the card for one
 * that stopped answering. A card that hangs (a broken chip, a reader that lost it, a virtual
 * card whose disk hangs) would otherwise hold every caller forever. The limit is generous, as
 * signing on a slow card takes seconds, not minutes.
 *
 * <p>Front ends set it their own way (the PKCS#11 module's {@code card.timeout}, the JCA
 * provider's {@code card.timeout=}, {@code eid --card-timeout}); without that it is the system
 * property {@value #PROPERTY}, else {@link #DEFAULT}. Values are seconds ("30", "2.5") or
 * milliseconds ("500ms").
 */
public final class CardTimeout {
    /** The limit when nothing else is configured. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);
    /** The system property that sets the limit for every card the process opens. */
    public static final String PROPERTY = "eid4j.card.timeout";

    private CardTimeout() {
    }

    /** The system property's limit, or {@link #DEFAULT} when it is not set. */
    public static Duration configured() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? DEFAULT : parse(value);
    }

    /**
     * Reads a limit: seconds ("30", "2.5", "30s") or milliseconds ("500ms").
     *
     * @throws IllegalArgumentException with one sentence if it is none of these, or not above zero
     */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        boolean millis = value.endsWith("ms");
        String number = millis ? value.substring(0, value.length() - 2) : value.endsWith("s") ? value.substring(0, value.length() - 1) : value;
        Duration limit;
        try {
            BigDecimal amount = new BigDecimal(number.strip());
            limit = Duration.ofNanos(amount.movePointRight(millis ? 6 : 9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(invalid(text), e);
        }
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException(invalid(text));
        }
        return limit;
    }

    private static String invalid(String text) {
        return "The card time limit is a number of seconds above zero, such as 30 (or milliseconds, such as 500ms), not '"
                + text + "'.";
    }

    /** "30 s", "2.5 s", "500 ms": the limit as a sentence shows it. */
    public static String describe(Duration limit) {
        if (limit.compareTo(Duration.ofSeconds(1)) < 0) {
            return BigDecimal.valueOf(limit.toNanos()).movePointLeft(6).stripTrailingZeros().toPlainString() + " ms";
        }
        return BigDecimal.valueOf(limit.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString() + " s";
    }
}

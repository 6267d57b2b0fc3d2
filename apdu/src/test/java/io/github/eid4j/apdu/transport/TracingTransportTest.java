package io.github.eid4j.apdu.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TracingTransportTest {

    /** A logger that keeps what it is given, at every level. */
    static final class CapturingLogger implements Logger {
        final List<String> lines = new ArrayList<>();
        boolean enabled = true;

        @Override
        public String getName() {
            return "capture";
        }

        @Override
        public boolean isLoggable(Level level) {
            return enabled;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            // As the JDK's loggers do: a message without parameters is not a format.
            lines.add(params == null || params.length == 0 ? format : java.text.MessageFormat.format(format, params));
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            lines.add(msgSupplier.get());
        }

        String all() {
            return String.join("\n", lines);
        }
    }

    private static final String PIN_1234 = "31 32 33 34";

    @Test
    void aSecureChannelsTraceShowsThePlainApdusMarkedAsProtectedAndRedacted() throws Exception {
        CapturingLogger log = new CapturingLogger();
        CardTransport card = c -> Hex.decode("90 00");
        CardTransport traced = new TracingTransport(card, log, Level.DEBUG, true);
        traced.transmit(Hex.decode("00 20 00 81 08 36 35 34 33 32 31 FF FF"));
        traced.transmit(Hex.decode("00 B0 00 00 04"));
        assertThat(log.lines).hasSize(4);
        assertThat(log.lines.get(0)).isEqualTo("# protected > 00 20 00 81 08 [8 bytes redacted]");
        assertThat(log.lines.get(2)).isEqualTo("# protected > 00 B0 00 00 04");
        assertThat(log.lines.get(3)).startsWith("# protected < 90 00");
        assertThat(log.all()).doesNotContain("36 35 34");
    }

    @Test
    void verifyTraceHasNoPinDigits() throws Exception {
        CapturingLogger log = new CapturingLogger();
        CardTransport card = c -> Hex.decode("90 00");
        CardTransport traced = new TracingTransport(card, log, Level.DEBUG);
        traced.transmit(Hex.decode("00 20 00 11 0C 31 32 33 34 00 00 00 00 00 00 00 00"));
        assertThat(log.all()).contains("00 20 00 11 0C [12 bytes redacted]").contains("9000 (success)")
                .doesNotContain(PIN_1234).doesNotContain("31 32");
    }

    @Test
    void everySecretBearingCommandIsRedacted() throws Exception {
        CapturingLogger log = new CapturingLogger();
        CardTransport traced = new TracingTransport(c -> Hex.decode("63 C2"), log, Level.DEBUG);
        traced.transmit(Hex.decode("00 24 00 82 18 31 32 33 34 35 36 00 00 00 00 00 00 37 38 39 30 31 32 00 00 00 00 00 00"));
        traced.transmit(Hex.decode("00 2C 00 11 18 38 37 36 35 34 33 32 31 00 00 00 00 31 32 33 34 00 00 00 00 00 00 00 00"));
        traced.transmit(Hex.decode("10 86 00 00 06 7C 04 81 02 31 32 00"));
        traced.transmit(Hex.decode("00 21 00 11 0A 5F 2F 07 31 32 33 34 35 36 37"));
        assertThat(log.all()).doesNotContain("31 32").doesNotContain("38 37")
                .contains("[24 bytes redacted]").contains("63C2 (verification failed, 2 tries left)");
    }

    @Test
    void decipheredDataIsNotTraced() throws Exception {
        CapturingLogger log = new CapturingLogger();
        CardTransport traced = new TracingTransport(c -> Hex.decode("DE AD BE EF 90 00"), log, Level.DEBUG);
        traced.transmit(Hex.decode("00 2A 80 86 03 00 11 22 00"));
        assertThat(log.all()).contains("00 2A 80 86 03 00 11 22 00").contains("[4 bytes redacted]").doesNotContain("DE AD");
    }

    /** A T=0 card hands the deciphered data out through GET RESPONSE; it stays out of the trace there too. */
    @Test
    void decipheredDataFetchedWithGetResponseIsNotTraced() throws Exception {
        CapturingLogger log = new CapturingLogger();
        CardTransport t0Card = DecoratorsTest.card("""
                > 00 2A 80 86 03 00 11 22
                < 61 04
                > 00 C0 00 00 04
                < DE AD BE EF 90 00
                > 00 B0 00 00 00
                < 61 02
                > 00 C0 00 00 02
                < CA FE 90 00
                """);
        CardTransport traced = new TracingTransport(t0Card, log, Level.DEBUG).then(T0Transport::new).then(GetResponseTransport::new);
        assertThat(traced.transmit(Hex.decode("00 2A 80 86 03 00 11 22 00"))).isEqualTo(Hex.decode("DE AD BE EF 90 00"));
        assertThat(traced.transmit(Hex.decode("00 B0 00 00 00"))).isEqualTo(Hex.decode("CA FE 90 00"));
        assertThat(log.all()).doesNotContain("DE AD").contains("< [4 bytes redacted] 90 00")
                .as("an ordinary answer through GET RESPONSE is traced in full").contains("< CA FE 90 00");
    }

    @Test
    void ordinaryCommandsAreTracedInFull() throws Exception {
        CapturingLogger log = new CapturingLogger();
        CardTransport traced = new TracingTransport(c -> Hex.decode("62 04 81 02 04 3F 90 00"), log, Level.DEBUG);
        traced.transmit(Hex.decode("00 A4 08 04 02 43 31 00"));
        assertThat(log.lines.get(0)).isEqualTo("> 00 A4 08 04 02 43 31 00");
        assertThat(log.lines.get(1)).startsWith("< 62 04 81 02 04 3F 90 00  # 9000 (success) in ");
    }

    @Test
    void aCardsSessionStartsWithItsAtrAndProtocol() {
        CapturingLogger log = new CapturingLogger();
        new TracingTransport(c -> Hex.decode("90 00"), log, Level.DEBUG).cardConnected(Hex.decode("3B 7F 96 00"), true);
        assertThat(log.lines).containsExactly("ATR 3B 7F 96 00", "PROTOCOL T=0");
    }

    @Test
    void aDisabledTraceFormatsNothing() throws Exception {
        CapturingLogger log = new CapturingLogger();
        log.enabled = false;
        new TracingTransport(c -> Hex.decode("90 00"), log, Level.DEBUG).transmit(Hex.decode("00 A4 00 0C"));
        assertThat(log.lines).isEmpty();
    }

    @Test
    void failuresAreTraced() {
        CapturingLogger log = new CapturingLogger();
        CardTransport gone = c -> {
            throw new TransportException("The card was removed from reader 'X'.");
        };
        try {
            new TracingTransport(gone, log, Level.DEBUG).transmit(Hex.decode("00 A4 00 0C"));
        } catch (TransportException expected) {
            // the trace must show why the exchange ended
        }
        assertThat(log.all()).contains("< failed: The card was removed from reader 'X'.");
    }
}

package io.github.eid4j.card;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The APDU trace of one test, as the redacting trace logs it ({@code > 00 20 00 11 0C [12 bytes
 * redacted]}), for tests that assert what a driver sends: {@code @RegisterExtension final
 * ApduTrace trace = new ApduTrace();}.
 */
public final class ApduTrace implements BeforeEachCallback, AfterEachCallback {
    /** Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its handler. */
    private static final Logger APDU_LOG = Logger.getLogger("io.github.eid4j.apdu");
    private final List<String> lines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public void beforeEach(ExtensionContext context) {
        APDU_LOG.setLevel(Level.FINE);
        APDU_LOG.addHandler(capture);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        APDU_LOG.removeHandler(capture);
    }

    /** The lines so far, one per APDU, as a live view (tests count what a step added). */
    public List<String> lines() {
        return lines;
    }

    /** Every line so far, one per APDU. */
    public String text() {
        return String.join("\n", lines);
    }
}

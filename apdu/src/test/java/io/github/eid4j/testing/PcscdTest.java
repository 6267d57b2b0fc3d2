package io.github.eid4j.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The fixture every integration test with pcscd shares: it fails the run when pcscd with the
 * vpcd readers is missing, closes what a test opened (bridges, connections, monitors) in reverse
 * order, and waits until pcscd has seen both readers empty, so that the next test's card is never
 * mistaken for this one's.
 */
public abstract class PcscdTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void requirePcscd() {
        Pcscd.requireVpcdReaders();
    }

    @AfterEach
    void closeAllAndEmptyTheReaders() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
        Pcscd.awaitReader(Pcscd.READER_0, r -> !r.cardPresent(), "empty");
        Pcscd.awaitReader(Pcscd.READER_1, r -> !r.cardPresent(), "empty");
    }

    /** Registers something to close after the test, and returns it. */
    protected <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }
}

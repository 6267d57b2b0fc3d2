package io.github.eid4j.conformance;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every front end's hostile-card suite shares: one card served in the reader for the whole
 * class (a subclass's own setup runs after this), back to behaving after each case.
 */
abstract class HostileCardSuite {
    @TempDir
    static Path dir;
    static HostileReader reader;

    @BeforeAll
    static void insert() throws Exception {
        reader = HostileReader.serve(dir.resolve("home"));
    }

    @AfterEach
    void calm() {
        reader.calm();
    }

    @AfterAll
    static void remove() throws Exception {
        reader.close();
    }
}

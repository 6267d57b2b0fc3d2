package io.github.eid4j.apdu.emulator;

import java.io.IOException;

/**
 * Where a card makes its changes durable before it answers: try counters, PIN values, blocked
 * states, file updates. The card OS calls {@link #persist(CardImage)} and answers 6581 (memory
 * failure) if it throws, so no change is ever reported that was not kept.
 */
@FunctionalInterface
public interface NonVolatileMemory {
    /** For cards that live only in memory (unit tests, benchmarks). */
    NonVolatileMemory NONE = image -> {
    };

    void persist(CardImage image) throws IOException;
}

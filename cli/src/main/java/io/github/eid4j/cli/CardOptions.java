package io.github.eid4j.cli;

import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidException;
import picocli.CommandLine.Option;

/** Which card a command works on: a virtual card in-process, a named reader, or the first card found. */
final class CardOptions {
    @Option(names = "--virtual", paramLabel = "<name>", description = "Use the virtual card <name> in this process (no pcscd needed).")
    String virtual;

    @Option(names = "--reader", paramLabel = "<reader>", description = "Use the card in this reader (default: the first supported card).")
    String reader;

    /** The Eid4j JCA provider for the same card. */
    io.github.eid4j.jca.Eid4jProvider provider() {
        io.github.eid4j.jca.Eid4jProvider base = new io.github.eid4j.jca.Eid4jProvider();
        if (virtual != null) {
            return (io.github.eid4j.jca.Eid4jProvider) base.configure("--virtual=" + virtual);
        }
        return reader != null ? (io.github.eid4j.jca.Eid4jProvider) base.configure("--reader=" + reader) : base;
    }

    EidCard open() throws EidException {
        if (virtual != null) {
            return EidCards.openVirtual(virtual);
        }
        return reader != null ? EidCards.openReader(reader) : EidCards.openFirst();
    }
}

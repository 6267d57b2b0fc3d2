package io.github.eid4j.cli;

import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidException;
import java.time.Duration;
import picocli.CommandLine.Option;
import io.github.eid4j.jca.Eid4jConfiguration;
import io.github.eid4j.jca.Eid4jProvider;

/** Which card a command works on: a virtual card in-process, a named reader, or the first card found; and how long to wait for it. */
final class CardOptions {
    @Option(names = "--virtual", paramLabel = "<name>", description = "Use the virtual card <name> in this process (no pcscd needed).")
    String virtual;

    @Option(names = "--reader", paramLabel = "<reader>", description = "Use the card in this reader (default: the first supported card).")
    String reader;

    @Option(names = "--card-timeout", paramLabel = "<seconds>", converter = CardTimeoutConverter.class,
            description = "How long to wait for the card to answer one command (default: 30; 500ms for milliseconds).")
    Duration cardTimeout;

    /** The Eid4j JCA provider for the same card. */
    Eid4jProvider provider() {
        Eid4jConfiguration card = virtual != null ? Eid4jConfiguration.virtualCard(virtual)
                : reader != null ? Eid4jConfiguration.reader(reader) : Eid4jConfiguration.firstCard();
        return new Eid4jProvider(card.cardTimeout(timeLimit()));
    }

    EidCard open() throws EidException {
        if (virtual != null) {
            return EidCards.openVirtual(virtual, timeLimit());
        }
        return reader != null ? EidCards.openReader(reader, timeLimit()) : EidCards.openFirst(timeLimit());
    }

    private Duration timeLimit() {
        return cardTimeout != null ? cardTimeout : CardTimeout.configured();
    }

    /** A usage error with the sentence of {@link CardTimeout#parse}. */
    static final class CardTimeoutConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return CardTimeout.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

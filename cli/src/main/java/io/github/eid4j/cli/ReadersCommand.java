package io.github.eid4j.cli;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.pcsc.PcscException;
import io.github.eid4j.apdu.pcsc.PcscFailure;
import io.github.eid4j.apdu.pcsc.PcscReader;
import io.github.eid4j.apdu.pcsc.PcscReaders;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code eid readers}: what PC/SC sees. */
@Command(name = "readers", mixinStandardHelpOptions = true,
        description = "List the card readers, whether a card is in each, and the card's ATR.")
final class ReadersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws PcscException {
        List<PcscReader> readers = PcscReaders.list();
        if (readers.isEmpty()) {
            throw new PcscException(PcscFailure.NO_READER, null);
        }
        for (PcscReader r : readers) {
            spec.commandLine().getOut().println(describe(r));
        }
        return 0;
    }

    static String describe(PcscReader r) {
        return r.index() + ": " + r.name() + (r.cardPresent() ? "  card present, ATR " + Hex.spaced(r.atr()) : "  no card");
    }
}

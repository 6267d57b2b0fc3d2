package io.github.eid4j.cli;

import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCardProfile;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.pki.StatusResponder;
import io.github.eid4j.card.pki.TestPkiHome;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Optional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eid virtual ...}: virtual cards kept in ~/.eid4j/cards (or $EID4J_HOME/cards). */
@Command(name = "virtual", mixinStandardHelpOptions = true, subcommands = VirtualPkiCommand.class,
        description = "Create, list, serve and delete virtual cards (kept in ~/.eid4j/cards, or $EID4J_HOME/cards).")
final class VirtualCommand {
    @Spec
    CommandSpec spec;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Personalise a new virtual card. Its secrets (activation code, PUK) are shown once, here.")
    int create(
            @Option(names = "--profile", required = true, description = "The kind of card: ${COMPLETION-CANDIDATES}",
                    completionCandidates = ProfileNames.class) String profile,
            @Option(names = "--activated", description = "Set the PINs already (for tests); otherwise the card is as the issuer sends it.")
            boolean activated,
            @Parameters(paramLabel = "<name>", description = "A name for the card.") String name) throws Exception {
        Personalisation p = VirtualCards.inDefaultHome().create(name, profile, activated);
        try {
            out().println("Created virtual card '" + name + "' (" + profile + ") in " + VirtualCards.inDefaultHome().folder(name) + ".");
            out().println("Its folder holds the card's private keys: keep it as safe as a PKCS#12 file.");
            if (!p.letter().isEmpty()) {
                out().println("What the issuer gives the holder, on the card and in the letter (shown only now):");
                for (Map.Entry<String, char[]> e : p.letter().entrySet()) {
                    out().println("  " + e.getKey() + ": " + new String(e.getValue()));
                }
            }
        } finally {
            p.wipe();
        }
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the virtual cards and the profiles.")
    int list() throws Exception {
        VirtualCards cards = VirtualCards.inDefaultHome();
        List<String> names = cards.names();
        if (names.isEmpty()) {
            out().println("No virtual cards yet; create one with 'eid virtual create --profile <profile> <name>'.");
        }
        for (String name : names) {
            out().println(name);
        }
        out().println("Profiles:");
        for (VirtualCardProfile p : VirtualCards.profiles()) {
            out().println("  " + p.name() + ": " + p.description());
        }
        return 0;
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a virtual card and its keys.")
    int delete(@Parameters(paramLabel = "<name>") String name) throws Exception {
        VirtualCards.inDefaultHome().delete(name);
        out().println("Deleted virtual card '" + name + "'.");
        return 0;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Insert virtual cards into pcscd's vpcd readers (\"Virtual PCD 00 00\", \"... 00 01\") until Ctrl-C.")
    int serve(
            @Option(names = "--slot", defaultValue = "0", description = "The vpcd slot of the first card (0 or 1); more cards take the next slots.")
            int slot,
            @Parameters(paramLabel = "<name>", arity = "1..*", description = "The cards to serve.") List<String> names) throws Exception {
        VirtualCards cards = VirtualCards.inDefaultHome();
        List<VirtualCards.OpenCard> open = new ArrayList<>();
        List<VpcdBridge> bridges = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        // The cards' CAs are online while the cards are in: OCSP and CRLs answer for their certificates.
        TestPkiHome pki = TestPkiHome.of(cards.home());
        Optional<StatusResponder> responder = Files.isDirectory(pki.folder()) ? StatusResponder.startUnlessServed(pki) : Optional.empty();
        Runnable removeAll = () -> {
            bridges.forEach(VpcdBridge::close); // to pcscd, a closed socket is a removed card
            open.forEach(VirtualCards.OpenCard::close);
            responder.ifPresent(StatusResponder::close);
        };
        try {
            for (int i = 0; i < names.size(); i++) {
                VirtualCards.OpenCard card = cards.open(names.get(i));
                open.add(card);
                int port = VpcdBridge.portOfSlot(slot + i);
                bridges.add(VpcdBridge.start(card.card(), port));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                removeAll.run();
                stopped.countDown();
            }, "eid-serve-shutdown"));
            for (int i = 0; i < bridges.size(); i++) {
                VpcdBridge b = bridges.get(i);
                boolean up = b.awaitConnected(Duration.ofSeconds(3));
                out().println("Serving '" + names.get(i) + "' on vpcd slot " + (slot + i) + " (127.0.0.1:" + b.port() + ")"
                        + (up ? ", inserted in reader \"" + VpcdBridge.readerName(slot + i) + "\"." : "; waiting for pcscd to start..."));
            }
            if (responder.isPresent()) {
                out().println("Their test CAs answer OCSP and serve their CRLs at " + pki.address() + ".");
            }
            out().println("Press Ctrl-C to remove the card" + (names.size() > 1 ? "s" : "") + " and stop.");
            out().flush();
            stopped.await();
        } catch (Exception e) {
            removeAll.run();
            throw e;
        }
        return 0;
    }

    /** Profile names for --help. */
    static final class ProfileNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ProfileNames() {
            VirtualCards.profiles().forEach(p -> add(p.name()));
        }
    }
}

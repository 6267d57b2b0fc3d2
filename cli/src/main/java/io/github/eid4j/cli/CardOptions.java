package io.github.eid4j.cli;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.RememberedCans;
import io.github.eid4j.card.pkcs11bridge.Pkcs11Bridge;
import io.github.eid4j.card.pki.StatusResponder;
import io.github.eid4j.card.pki.TestPkiHome;
import io.github.eid4j.jca.Eid4jConfiguration;
import io.github.eid4j.jca.Eid4jProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Which card a command works on: a virtual card in-process, a named reader, a PKCS#11 module's token, or the first card found; and how long to wait for it. */
final class CardOptions {
    @Option(names = "--virtual", paramLabel = "<name>", description = "Use the virtual card <name> in this process (no pcscd needed).")
    String virtual;

    @Option(names = "--reader", paramLabel = "<reader>", description = "Use the card in this reader (default: the first supported card).")
    String reader;

    @Option(names = "--pkcs11", paramLabel = "<module>", description = "Use the first token of this PKCS#11 module, e.g. the vendor's"
            + " /usr/lib/pkcs11/libgclib.so; 'installed' takes the first vendor module found.")
    String pkcs11;

    @Option(names = "--pkcs11-token", paramLabel = "<label>", description = "With --pkcs11: the module's token of this label"
            + " (a module may show one token per PIN, e.g. 'FINEID (PIN2)' for the signature key).")
    String pkcs11Token;

    @Option(names = "--remember-can", description = "Remember the CAN you type for this reader (in $XDG_CONFIG_HOME/eid4j, readable by you alone;"
            + " 'eid can forget' forgets it).")
    boolean rememberCan;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--card-timeout", paramLabel = "<seconds>", converter = CardTimeoutConverter.class,
            description = "How long to wait for the card to answer one command (default: 30; 500ms for milliseconds).")
    Duration cardTimeout;

    /**
     * The Eid4j JCA provider for the same card. With {@code --remember-can}, the card is opened
     * once first, so that the CAN typed is remembered before the provider opens it with it.
     */
    Eid4jProvider provider() throws EidException {
        tokenNeedsModule();
        if (rememberCan) {
            open().close();
        }
        Eid4jConfiguration card = pkcs11 != null ? pkcs11Configuration()
                : virtual != null ? Eid4jConfiguration.virtualCard(virtual)
                : reader != null ? Eid4jConfiguration.reader(reader) : Eid4jConfiguration.firstCard();
        return new Eid4jProvider(card.cardTimeout(timeLimit()));
    }

    /** The card; one behind PACE asks for its CAN on the terminal, unless one is remembered for its place. */
    EidCard open() throws EidException {
        tokenNeedsModule();
        TypedCan typed = new TypedCan(new TerminalPins(command.commandLine().getErr()));
        try {
            EidCard card = pkcs11 != null ? Pkcs11Bridge.open(pkcs11, pkcs11Token, timeLimit())
                    : virtual != null ? EidCards.openVirtual(virtual, timeLimit(), typed)
                    : reader != null ? EidCards.openReader(reader, timeLimit(), typed) : EidCards.openFirst(timeLimit(), typed);
            if (rememberCan && typed.value != null) {
                remember(card.identity().location(), typed.value);
            }
            return card;
        } finally {
            typed.wipe();
        }
    }

    /**
     * For a virtual card opened in this process, its home's test CAs answer OCSP and serve their
     * CRLs while the command runs, as a real card's CA is online (unless a program serves them
     * already, say {@code eid virtual pki serve}); for a card in a reader, nothing.
     */
    AutoCloseable testPkiOnline() throws IOException {
        return virtual == null ? () -> { } : testPkiOfThisHomeOnline();
    }

    /** The test CAs of this eid4j home online while a command runs, if the home has virtual cards (and so a test PKI). */
    static AutoCloseable testPkiOfThisHomeOnline() throws IOException {
        TestPkiHome pki = TestPkiHome.of(VirtualCards.defaultHome());
        if (!Files.isDirectory(pki.folder())) {
            return () -> { };
        }
        Optional<StatusResponder> responder = StatusResponder.startUnlessServed(pki);
        return responder.isPresent() ? responder.get() : () -> { };
    }

    private void tokenNeedsModule() throws EidException {
        if (pkcs11Token != null && pkcs11 == null) {
            throw new EidException("--pkcs11-token names a token of the module given with --pkcs11 <module>; give both.");
        }
    }

    private Eid4jConfiguration pkcs11Configuration() {
        Eid4jConfiguration module = Eid4jConfiguration.pkcs11Module(pkcs11);
        return pkcs11Token == null ? module : module.pkcs11Token(pkcs11Token);
    }

    private void remember(String location, char[] can) throws EidException {
        RememberedCans store = RememberedCans.inUserConfig();
        try {
            store.remember(location, can);
        } catch (IOException e) {
            throw new EidException("The CAN could not be remembered in " + store.file() + ": " + UserMessages.of(e));
        }
        command.commandLine().getErr().println("Remembered the CAN for " + location + " in " + store.file() + ".");
    }

    /** The terminal's answer, kept (a copy) until the card has accepted it, for --remember-can. */
    private static final class TypedCan implements PinCallback {
        private final PinCallback terminal;
        private char[] value;

        TypedCan(PinCallback terminal) {
            this.terminal = terminal;
        }

        @Override
        public char[] ask(PinRequest request) throws CancelledPinEntryException {
            char[] answer = terminal.ask(request);
            if (request.step() == PinRequest.Step.CAN) {
                wipe();
                value = answer.clone();
            }
            return answer;
        }

        void wipe() {
            if (value != null) {
                Arrays.fill(value, '\0');
            }
        }
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

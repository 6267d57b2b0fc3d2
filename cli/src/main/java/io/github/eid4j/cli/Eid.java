package io.github.eid4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code eid} command. */
@Command(name = "eid",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Use and manage national eID cards (Finnish FINEID, Luxembourg eID) and their virtual twins.",
        subcommands = {StatusCommand.class, CertsCommand.class, PinCommands.Activate.class, PinCommands.Change.class,
            PinCommands.Unblock.class, SignCommand.class, VerifyCommand.class, ReadersCommand.class, VirtualCommand.class, CanCommand.class, DemoCommand.class, LoginServiceCommand.class,
            RegisterCommands.Register.class, RegisterCommands.Unregister.class, CommandLine.HelpCommand.class})
public final class Eid {

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the APDU trace (PINs redacted) and stack traces of errors.")
    void debug(boolean on) {
        if (on) {
            debug = true;
            enableTrace();
        }
    }

    static boolean debug;

    @Option(names = "--trace-file", paramLabel = "<file>", scope = CommandLine.ScopeType.INHERIT,
            description = "Write the APDUs the command exchanges with the card to <file>, PINs redacted, to send with a bug report.")
    void traceFile(Path file) {
        traceFile = file;
    }

    static Path traceFile;

    /** Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its level and handler. */
    private static final Logger EID4J_LOG = Logger.getLogger("io.github.eid4j");

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code: 0 success, 1 a user-facing error, 2 a usage error. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // EU DSS logs through SLF4J, which warns on stderr that no logger is bound; eid's users need none of it.
        System.setProperty("slf4j.provider", System.getProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider"));
        System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "WARN"));
        debug = false;
        traceFile = null;
        CommandLine cli = new CommandLine(new Eid());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // A user sees one sentence; a developer asks for the rest with --debug.
            commandLine.getErr().println("eid: " + UserMessages.of(e));
            if (debug) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        cli.setExecutionStrategy(parseResult -> {
            // Options are parsed by now; the trace covers everything the command does with a card.
            try (TraceFile trace = traceFile == null ? null : TraceFile.open(traceFile, new VersionProvider().getVersion()[0])) {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (IOException e) {
                throw new CommandLine.ExecutionException(cli, e.getMessage(), e);
            }
        });
        return cli.execute(args);
    }

    private static void enableTrace() {
        Logger logger = EID4J_LOG;
        logger.setLevel(Level.FINE);
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.FINE);
        handler.setFormatter(new SimpleFormatter() {
            @Override
            public String format(java.util.logging.LogRecord r) {
                return "[" + r.getLoggerName() + "] " + formatMessage(r) + System.lineSeparator();
            }
        });
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }
}

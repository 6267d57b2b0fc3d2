package io.github.eid4j.deb;

import io.github.eid4j.cli.Eid;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes eid(1) from the command's own picocli model, so the man page always says what
 * {@code eid --help} and each command's {@code --help} say. Usage: {@code ManPage <version> <file> <installed module path>}.
 */
public final class ManPage {

    private ManPage() {
    }

    public static void main(String[] args) throws IOException {
        CommandLine eid = new CommandLine(new Eid());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8))) {
            out.println(".TH EID 1 \"\" \"eid4j " + roff(args[0]) + "\" \"User Commands\"");
            out.println(".SH NAME");
            out.println("eid \\- " + roff(String.join(" ", eid.getCommandSpec().usageMessage().description())));
            out.println(".SH SYNOPSIS");
            out.println(".B eid");
            out.println("[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]");
            out.println(".SH DESCRIPTION");
            out.println("Each command below is shown with its own help, as \\fBeid\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR prints it.");
            out.println("Errors are one sentence on standard error, with exit code 1; a usage error has exit code 2.");
            out.println("PINs are read from the terminal without echo, or one per line from standard input when it is not a terminal.");
            out.println(".SH COMMANDS");
            command(out, "eid", eid);
            out.print(FIXED_SECTIONS.replace("@MODULE@", roff(args[2])));
        }
    }

    private static void command(PrintWriter out, String name, CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        out.println(".SS \"" + roff(name) + "\"");
        out.println(".nf");
        for (String line : command.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\n", -1)) {
            out.println(line.startsWith(".") || line.startsWith("'") ? "\\&" + roff(line) : roff(line));
        }
        out.println(".fi");
        spec.subcommands().forEach((sub, subCommand) -> {
            // picocli lists each command under its name and again under each alias; one entry each.
            if (subCommand.getCommandName().equals(sub) && !"help".equals(sub)) {
                command(out, name + " " + sub, subCommand);
            }
        });
    }

    /** Text as roff prints it literally: backslashes escaped, '-' the ASCII minus a reader can paste. */
    static String roff(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }

    private static final String FIXED_SECTIONS = """
            .SH FILES
            .TP
            .I ~/.eid4j/cards/NAME/
            A virtual card ($EID4J_HOME/cards/NAME/ when EID4J_HOME is set), its private keys included: keep it readable by its owner only.
            .TP
            .I ~/.config/eid4j/can.properties
            The CANs remembered with \\-\\-remember\\-can ($XDG_CONFIG_HOME/eid4j/ when set).
            .TP
            .I ~/.cache/eid4j/
            The certificates read from cards ($XDG_CACHE_HOME/eid4j/ when set); may be deleted at any time.
            .TP
            .I @MODULE@
            The PKCS#11 module, for pkcs11\\-tool, Firefox, Chromium (NSS) and OpenSSL.
            .TP
            .I /etc/eid4j/eid4j\\-pkcs11.conf
            The PKCS#11 module's configuration: its JVM options, virtual cards, card time limit.
            .TP
            .I /usr/share/p11\\-kit/modules/eid4j.module
            Makes the module known to p11\\-kit, which runs it in a process of its own (p11\\-kit remote).
            .SH EXIT STATUS
            0 on success, 1 after an error (one sentence on standard error), 2 for a usage error.
            .SH SEE ALSO
            .BR pcscd (8),
            .BR pkcs11\\-tool (1),
            .BR p11\\-kit (8)
            .PP
            https://github.com/eid4j/eid4j
            """;
}

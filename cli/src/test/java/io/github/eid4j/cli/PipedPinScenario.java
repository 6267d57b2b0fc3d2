package io.github.eid4j.cli;

import io.github.eid4j.testing.MarkedPin;
import io.github.eid4j.testing.PinResidue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link PipedPinTest} runs in a JVM that keeps all its garbage, with the PINs on standard
 * input as a script gives them: eid changes both PINs of a virtual card to marked values, signs a
 * document with the signature key and checks the signature; then the heap is dumped. (One
 * signature: the provider of an {@code eid sign} keeps its card until the process ends.)
 *
 * <p>Arguments: the dump file, the card's name in EID4J_HOME, a folder for the document.
 */
public final class PipedPinScenario {
    private static final MarkedPin PIN1 = MarkedPin.PIN1;
    private static final MarkedPin PIN2 = MarkedPin.PIN2;

    private PipedPinScenario() {
    }

    /** What the test pipes in: each PIN the commands ask for, one a line. */
    static byte[] standardInput(String pin1, String pin2) {
        String a = new String(PIN1.chars());
        String b = new String(PIN2.chars());
        return String.join("\n", pin1, a, a, pin2, b, b, b, "").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws Exception {
        String card = args[1];
        Path document = Files.writeString(Path.of(args[2]).resolve("document.txt"), "Allekirjoitettava asiakirja\n");
        StringBuilder failures = new StringBuilder();
        for (List<String> command : List.of(
                List.of("change-pin", "--virtual", card, "pin1"),
                List.of("change-pin", "--virtual", card, "pin2"),
                List.of("sign", "--virtual", card, document.toString(), "-o", document + ".sig.p7s"),
                List.of("verify", document.toString(), document + ".sig.p7s"))) {
            StringWriter out = new StringWriter();
            int exit = Eid.run(command.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(out, true));
            if (exit != 0) {
                failures.append("eid ").append(String.join(" ", command)).append(" exited with ").append(exit).append(":\n").append(out);
            }
        }
        PinResidue.dumpHeap(Path.of(args[0]));
        if (failures.length() > 0) {
            System.out.print(failures);
            System.exit(1);
        }
    }
}

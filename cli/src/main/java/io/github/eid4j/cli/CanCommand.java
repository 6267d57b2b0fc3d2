package io.github.eid4j.cli;

import io.github.eid4j.card.RememberedCans;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code eid can forget}: the CANs remembered with {@code --remember-can}. */
@Command(name = "can", mixinStandardHelpOptions = true,
        description = "The CAN (the number printed on the front of a card that needs it, such as the Luxembourg eID).")
final class CanCommand {
    @Spec
    CommandSpec spec;

    @Command(name = "forget", mixinStandardHelpOptions = true, description = "Forget every CAN remembered with --remember-can.")
    int forget() throws Exception {
        RememberedCans store = RememberedCans.inUserConfig();
        spec.commandLine().getOut().println(store.forgetAll() ? "Forgot the remembered CANs (" + store.file() + " is deleted)."
                : "No CAN is remembered.");
        return 0;
    }
}

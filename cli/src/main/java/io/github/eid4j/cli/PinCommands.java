package io.github.eid4j.cli;

import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.PinInfo;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eid activate}, {@code eid change-pin}, {@code eid unblock}: the PIN management the issuer describes. */
final class PinCommands {
    private PinCommands() {
    }

    /** The user PINs by the names people use on the command line. */
    enum UserPin { pin1, pin2 }

    static PinInfo find(EidCard card, UserPin which) throws EidException {
        for (PinInfo pin : card.pins()) {
            if (pin.label().toLowerCase(Locale.ROOT).equals(which.name())) {
                return pin;
            }
        }
        throw new EidException("This card has no " + which.name().toUpperCase(Locale.ROOT) + ".");
    }

    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = "Activate a new card: enter the activation code from your letter, then choose PIN1 (4-8 digits) and PIN2 (6-8 digits), each twice.")
    static final class Activate implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CardOptions cardOptions;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (EidCard card = cardOptions.open()) {
                card.activate(new TerminalPins(spec.commandLine().getErr()));
                out.println("The card is activated: PIN1 and PIN2 are set.");
            }
            return 0;
        }
    }

    /** The shape both PIN commands share: open the card, find the PIN named on the command line, act, report. */
    abstract static class UserPinCommand implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CardOptions cardOptions;

        @Parameters(paramLabel = "pin1|pin2", description = "Which PIN: ${COMPLETION-CANDIDATES}")
        UserPin which;

        abstract String act(EidCard card, PinInfo pin, TerminalPins pins) throws EidException;

        @Override
        public Integer call() throws Exception {
            try (EidCard card = cardOptions.open()) {
                spec.commandLine().getOut().println(act(card, find(card, which), new TerminalPins(spec.commandLine().getErr())));
            }
            return 0;
        }
    }

    @Command(name = "change-pin", mixinStandardHelpOptions = true, description = "Change PIN1 or PIN2: the current PIN, then the new one twice.")
    static final class Change extends UserPinCommand {
        @Override
        String act(EidCard card, PinInfo pin, TerminalPins pins) throws EidException {
            card.changePin(pin, pins);
            return pin.label() + " is changed.";
        }
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true, description = "Unblock PIN1 or PIN2 with the PUK (the activation code), and set a new PIN.")
    static final class Unblock extends UserPinCommand {
        @Override
        String act(EidCard card, PinInfo pin, TerminalPins pins) throws EidException {
            card.unblockPin(pin, pins);
            return pin.label() + " is unblocked and set to the new value.";
        }
    }
}

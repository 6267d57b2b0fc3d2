package io.github.eid4j.cli;

import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.PinInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eid activate}, {@code eid change-pin}, {@code eid unblock}: the PIN management the issuer describes. */
final class PinCommands {
    private PinCommands() {
    }

    /** The user PINs by the names people use on the command line: FINEID's two, or a card's one PIN. */
    enum UserPin { pin1, pin2, pin }

    /** The PIN named, or, when none is, the card's only user PIN (the Luxembourg eID has one for both keys). */
    static PinInfo find(EidCard card, UserPin which) throws EidException {
        List<PinInfo> user = card.pins().stream().filter(p -> p.role() != PinInfo.Role.UNBLOCKING).toList();
        if (which == null) {
            if (user.size() == 1) {
                return user.get(0);
            }
            throw new EidException("This card has " + user.stream().map(PinInfo::label).collect(Collectors.joining(" and ")) + "; name one: "
                    + user.stream().map(p -> p.label().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" or ")) + ".");
        }
        for (PinInfo pin : user) {
            if (pin.label().toLowerCase(Locale.ROOT).equals(which.name())) {
                return pin;
            }
        }
        throw new EidException("This card has no " + which.name().toUpperCase(Locale.ROOT) + "; its PINs: "
                + user.stream().map(PinInfo::label).collect(Collectors.joining(", ")) + ".");
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

        @Parameters(arity = "0..1", paramLabel = "pin1|pin2",
                description = "Which PIN: pin1 or pin2 on a FINEID card; nothing (or pin) on a Luxembourg card, whose one PIN guards both keys.")
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

    @Command(name = "change-pin", mixinStandardHelpOptions = true, description = "Change a PIN: the current PIN (on a new Luxembourg card, the one from your letter), then the new one twice.")
    static final class Change extends UserPinCommand {
        @Override
        String act(EidCard card, PinInfo pin, TerminalPins pins) throws EidException {
            card.changePin(pin, pins);
            return pin.label() + " is changed.";
        }
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true, description = "Unblock a PIN with the PUK from your letter (on FINEID, the activation code), and set a new PIN.")
    static final class Unblock extends UserPinCommand {
        @Override
        String act(EidCard card, PinInfo pin, TerminalPins pins) throws EidException {
            card.unblockPin(pin, pins);
            return pin.label() + " is unblocked and set to the new value.";
        }
    }
}

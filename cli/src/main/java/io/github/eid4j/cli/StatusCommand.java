package io.github.eid4j.cli;

import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.PinChangeRequiredException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinStatus;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code eid status}: the card, its certificates and its PINs. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the card, its certificates, and its PINs with the tries left.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CardOptions cardOptions;

    @Override
    public Integer call() throws Exception {
        try (EidCard card = cardOptions.open()) {
            print(card, spec.commandLine().getOut());
        }
        return 0;
    }

    /** What {@code eid status} says about a card. */
    static void print(EidCard card, PrintWriter out) throws EidException {
        out.println("Card: " + card.identity().profile() + " " + card.identity().version() + ", serial " + card.identity().serial()
                + ", in " + card.identity().location());
        out.println("Certificates:");
        for (KeyEntry key : card.keys()) {
            X509Certificate c = key.certificate();
            out.println("  " + key + ": " + Names.readable(c.getSubjectX500Principal()));
            out.println("      valid " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant()
                    + ", issued by " + Names.readable(c.getIssuerX500Principal()));
        }
        for (X509Certificate ca : card.caCertificates()) {
            out.println("  CA: " + Names.readable(ca.getSubjectX500Principal()));
        }
        out.println("PINs:");
        boolean changeRequired = false;
        for (PinInfo pin : card.pins()) {
            PinStatus status = card.status(pin);
            out.println("  " + pin.displayName() + ": " + status.describe());
            changeRequired |= status.isChangeRequired();
        }
        if (changeRequired) {
            out.println(PinChangeRequiredException.SENTENCE + " Run 'eid change-pin'.");
        }
        if (card.needsActivation()) {
            out.println("The card is not activated yet: run 'eid activate' with the activation code from your letter.");
        }
    }
}

package io.github.eid4j.cli;

import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.PinChangeRequiredException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinStatus;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.KeyPurpose;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
        try (AutoCloseable online = cardOptions.testPkiOnline(); EidCard card = cardOptions.open()) {
            CertificateStatusLookup statuses = new CertificateStatusLookup();
            print(card, spec.commandLine().getOut(), statuses);
        }
        return 0;
    }

    /**
     * What {@code eid status} says about a card. Each PIN's state is asked once, and an item the
     * card cannot tell (a certificate it does not give, a state it does not report) is "unknown"
     * while the rest is shown; a card that is gone or silent still ends the command. Each
     * certificate's status is what {@code statuses} learns from its CA; none of them stops the card.
     */
    static void print(EidCard card, PrintWriter out, CertificateStatusLookup statuses) throws EidException {
        // The PINs' states first: what every card answers comes before the files a card may not give.
        List<String> pinLines = new ArrayList<>();
        boolean notActivated = false;
        boolean changeRequired = false;
        for (PinInfo pin : card.pins()) {
            String described;
            try {
                PinStatus status = card.status(pin);
                described = status.describe();
                notActivated |= pin.role() != PinInfo.Role.UNBLOCKING && !status.isActivated();
                changeRequired |= status.isChangeRequired();
            } catch (EidException e) {
                if (e instanceof CardAccessException access && access.reason() != CardAccessException.Reason.CARD_ERROR) {
                    throw e;
                }
                described = "unknown (" + e.getMessage() + ")";
            }
            pinLines.add("  " + pin.displayName() + ": " + described);
        }
        out.println("Card: " + card.identity().profile() + " " + card.identity().version() + ", serial " + card.identity().serial()
                + ", in " + card.identity().location());
        out.println("Certificates:");
        List<X509Certificate> cas = card.caCertificates();
        for (KeyPurpose purpose : KeyPurpose.values()) {
            Optional<KeyEntry> key = card.key(purpose);
            if (key.isEmpty()) {
                out.println("  " + purpose.name().toLowerCase(Locale.ROOT) + " key: unknown (the card did not give its certificate)");
                continue;
            }
            X509Certificate c = key.get().certificate();
            out.println("  " + key.get() + ": " + Names.readable(c.getSubjectX500Principal()));
            out.println("      valid " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant()
                    + ", issued by " + Names.readable(c.getIssuerX500Principal()));
            out.println("      status: " + statuses.statusOf(c, cas).describe());
        }
        for (X509Certificate ca : cas) {
            out.println("  CA: " + Names.readable(ca.getSubjectX500Principal()) + "; status: " + statuses.statusOf(ca, cas).describe());
        }
        out.println("PINs:");
        pinLines.forEach(out::println);
        if (changeRequired) {
            out.println(PinChangeRequiredException.SENTENCE + " Run 'eid change-pin'.");
        }
        if (notActivated) {
            out.println("The card is not activated yet: run 'eid activate' with the activation code from your letter.");
        }
    }
}

package io.github.eid4j.cli;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.pki.CertificateState;
import io.github.eid4j.card.pki.StatusResponder;
import io.github.eid4j.card.pki.TestPkiHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eid virtual pki ...}: what a holder asks the issuer of a virtual card's certificates
 * (suspension, reactivation, revocation), and the test CAs' OCSP responder and CRLs on 127.0.0.1.
 */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = "Suspend, reactivate or revoke the certificates of a virtual card, as its holder asks the issuer; "
                + "serve the test CAs' OCSP responder and CRLs on 127.0.0.1.")
final class VirtualPkiCommand {
    @Spec
    CommandSpec spec;

    /** The reasons a holder gives for a revocation (RFC 5280 CRLReason; certificateHold is a suspension). */
    enum Reason {
        unspecified(CRLReason.UNSPECIFIED), key_compromise(CRLReason.KEY_COMPROMISE),
        affiliation_changed(CRLReason.AFFILIATION_CHANGED), superseded(CRLReason.SUPERSEDED),
        cessation_of_operation(CRLReason.CESSATION_OF_OPERATION), privilege_withdrawn(CRLReason.PRIVILEGE_WITHDRAWN);

        final CRLReason crlReason;

        Reason(CRLReason crlReason) {
            this.crlReason = crlReason;
        }

        @Override
        public String toString() {
            return name().replace('_', '-');
        }
    }

    @Command(name = "suspend", mixinStandardHelpOptions = true,
            description = "Suspend the card's certificates (both, or the one named): OCSP and the CRL say certificateHold until reactivated.")
    int suspend(@Parameters(paramLabel = "<card>") String card,
            @Parameters(paramLabel = "authentication|signature", arity = "0..1", converter = PurposeConverter.class,
                    description = "Only this certificate (default: both).")
            KeyPurpose purpose) throws IOException {
        return change(card, purpose, "Suspended", (pki, c) -> pki.suspend(c));
    }

    @Command(name = "reactivate", mixinStandardHelpOptions = true,
            description = "Reactivate suspended certificates of the card (a revoked one cannot be).")
    int reactivate(@Parameters(paramLabel = "<card>") String card,
            @Parameters(paramLabel = "authentication|signature", arity = "0..1", converter = PurposeConverter.class,
                    description = "Only this certificate (default: both).")
            KeyPurpose purpose) throws IOException {
        return change(card, purpose, "Reactivated", (pki, c) -> pki.reactivate(c));
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke the card's certificates for good (the card itself stays usable).")
    int revoke(@Parameters(paramLabel = "<card>") String card,
            @Parameters(paramLabel = "authentication|signature", arity = "0..1", converter = PurposeConverter.class,
                    description = "Only this certificate (default: both).")
            KeyPurpose purpose,
            @Option(names = "--reason", defaultValue = "unspecified", paramLabel = "<reason>",
                    description = "Why: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).", converter = ReasonConverter.class,
                    completionCandidates = ReasonNames.class) Reason reason) throws IOException {
        return change(card, purpose, "Revoked", (pki, c) -> pki.revoke(c, reason.crlReason));
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Answer OCSP requests and serve the CRLs and CA certificates of the virtual cards' test CAs until Ctrl-C.")
    int serve() throws Exception {
        TestPkiHome pki = TestPkiHome.of(VirtualCards.defaultHome());
        StatusResponder responder;
        try {
            responder = StatusResponder.start(pki);
        } catch (BindException e) {
            throw new IllegalStateException("Port " + pki.port() + " of 127.0.0.1 is taken: the test PKI is served already, or another program uses the port.");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            responder.close();
            stopped.countDown();
        }, "eid-pki-shutdown"));
        out().println("Serving the test CAs of " + pki.folder() + " at " + pki.address() + " (OCSP, CRLs, CA certificates).");
        out().println("Press Ctrl-C to stop.");
        out().flush();
        stopped.await();
        return 0;
    }

    private interface Change {
        CertificateState apply(TestPkiHome pki, X509Certificate certificate);
    }

    /** Asks the change of each certificate named; one the CA refuses (a revoked one to reactivate, say) is said in one sentence. */
    private int change(String card, KeyPurpose purpose, String done, Change change) throws IOException {
        VirtualCards cards = VirtualCards.inDefaultHome();
        cards.folder(card); // checks the name, in one sentence
        if (!cards.names().contains(card)) {
            throw new IllegalArgumentException("There is no virtual card '" + card + "'; 'eid virtual list' shows them.");
        }
        TestPkiHome pki = TestPkiHome.of(cards.home());
        List<KeyPurpose> purposes = purpose == null ? List.of(KeyPurpose.values()) : List.of(purpose);
        List<X509Certificate> certificates = new ArrayList<>();
        for (KeyPurpose p : purposes) {
            certificates.add(pki.certificate(card, p));
        }
        int exit = 0;
        for (int i = 0; i < purposes.size(); i++) {
            String which = "the " + purposes.get(i).name().toLowerCase(Locale.ROOT) + " certificate of '" + card + "'";
            try {
                CertificateState state = change.apply(pki, certificates.get(i));
                out().println(done + " " + which + ": " + CertificateStatus.of(state).describe() + ".");
            } catch (IllegalStateException refused) {
                spec.commandLine().getErr().println("eid: " + refused.getMessage());
                exit = 1;
            }
        }
        return exit;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    static final class PurposeConverter implements picocli.CommandLine.ITypeConverter<KeyPurpose> {
        @Override
        public KeyPurpose convert(String value) {
            for (KeyPurpose p : KeyPurpose.values()) {
                if (p.name().equalsIgnoreCase(value)) {
                    return p;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a certificate of the card: say authentication or signature.");
        }
    }

    static final class ReasonConverter implements picocli.CommandLine.ITypeConverter<Reason> {
        @Override
        public Reason convert(String value) {
            for (Reason r : Reason.values()) {
                if (r.toString().equals(value)) {
                    return r;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a reason to revoke; the reasons are: "
                    + String.join(", ", new ReasonNames()) + ".");
        }
    }

    /** Reason names for --help. */
    static final class ReasonNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ReasonNames() {
            for (Reason r : Reason.values()) {
                add(r.toString());
            }
        }
    }
}

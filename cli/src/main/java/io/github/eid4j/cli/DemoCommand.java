package io.github.eid4j.cli;

import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PinChangeRequiredException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.luxembourg.LuxembourgVirtualCard;
import io.github.eid4j.card.pki.StatusResponder;
import io.github.eid4j.card.pki.TestPkiHome;
import io.github.eid4j.cli.login.HolderName;
import io.github.eid4j.cli.login.LoginPage;
import io.github.eid4j.cli.login.LoginService;
import io.github.eid4j.jca.Eid4jProvider;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.security.auth.callback.PasswordCallback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eid demo}: the main job on a virtual FINEID v4 card or Luxembourg eID, as a citizen meets
 * it: a card as the issuer sends it, its activation (FINEID) or first PIN change (Luxembourg), a login to an online service with the authentication key
 * (TLS client authentication through the Eid4j JCA provider), a document signed with the
 * signature key and the signature checked. No root, pcscd or network needed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main job on a virtual FINEID v4 card (or, with --card luxembourg, a Luxembourg eID): status, "
                + "activation or the first PIN change, TLS login to a local service, signing a document and verifying it. "
                + "Needs no root, no pcscd and no network.")
final class DemoCommand implements Callable<Integer> {
    static final String CARD = "eid4j-demo";

    @Spec
    CommandSpec spec;

    /** The cards the demo knows. */
    enum DemoCard { fineid, luxembourg }

    @Option(names = "--card", defaultValue = "fineid", paramLabel = "fineid|luxembourg",
            description = "Which card: fineid (a FINEID v4, the default) or luxembourg (a Luxembourg eID).")
    DemoCard which;

    @Override
    public Integer call() throws Exception {
        // The card's CAs answer OCSP and serve their CRLs while the demo runs, as an issuer's do.
        Optional<StatusResponder> online = StatusResponder.startUnlessServed(TestPkiHome.of(VirtualCards.defaultHome()));
        try {
            return demo();
        } finally {
            online.ifPresent(StatusResponder::close);
        }
    }

    private int demo() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SecureRandom random = new SecureRandom();
        VirtualCards cards = VirtualCards.inDefaultHome();
        if (cards.names().contains(CARD)) {
            cards.delete(CARD);
        }
        boolean luxembourg = which == DemoCard.luxembourg;
        Personalisation letter = cards.create(CARD, luxembourg ? "luxembourg" : "fineid-v4", false);
        char[] code = letter.letter().get(luxembourg ? LuxembourgVirtualCard.LETTER_PIN : "Activation code").clone();
        // The CAN is printed on the card's front for anyone holding it to read: the demo shows it.
        char[] can = luxembourg ? letter.letter().get(LuxembourgVirtualCard.PRINTED_CAN).clone() : new char[0];
        letter.wipe();
        if (luxembourg) {
            out.println("1. Created a virtual Luxembourg eID '" + CARD + "' in " + cards.folder(CARD) + ",");
            out.println("   as CTIE sends a new card: its PIN is the one in the letter, good only to choose your own.");
            out.println("   The card answers nothing before PACE with its CAN, the 6-digit number printed on its front: " + new String(can) + ".");
        } else {
            out.println("1. Created a virtual FINEID v4 card '" + CARD + "' in " + cards.folder(CARD) + ",");
            out.println("   as DVV sends a new card: not activated, with an activation code in the letter.");
        }

        // PINs a user would choose; random here, held only for this run and never shown. The
        // Luxembourg card has one PIN for both keys.
        char[] pin1 = Personalisation.randomDigits(random, luxembourg ? 6 : 4);
        char[] pin2 = luxembourg ? pin1.clone() : Personalisation.randomDigits(random, 6);
        List<X509Certificate> caCertificates;
        String signaturePin;
        try (EidCard card = EidCards.openVirtual(CARD, CardTimeout.configured(), request -> can.clone())) {
            if (luxembourg) {
                out.println("   Opened it with the CAN (PACE): every command after that travels under secure messaging.");
            }
            out.println("2. The card: " + card.identity().profile() + " " + card.identity().version() + ", serial " + card.identity().serial());
            CertificateStatusLookup statuses = new CertificateStatusLookup();
            for (KeyEntry key : card.keys()) {
                out.println("     " + key + ": " + Names.readable(key.certificate().getSubjectX500Principal())
                        + "; status: " + statuses.statusOf(key.certificate(), card.caCertificates()).describe());
            }
            for (PinInfo pin : card.pins()) {
                out.println("     " + pin.displayName() + ": " + card.status(pin).describe());
            }
            if (luxembourg) {
                PinInfo pin = card.pins().get(0);
                try {
                    card.verify(pin, request -> code.clone());
                } catch (PinChangeRequiredException first) {
                    out.println("   Using it now says: " + first.getMessage());
                }
                card.changePin(pin, request -> (request.step() == PinRequest.Step.CURRENT ? code : pin1).clone());
                out.println("3. Changed the PIN from the letter to one of the holder's choosing (6 digits); it now guards both keys.");
            } else {
                card.activate(request -> (request.step() == PinRequest.Step.ACTIVATION_CODE ? code
                        : request.pin().label().equals("PIN1") ? pin1 : pin2).clone());
                out.println("3. Activated it with the activation code, choosing PIN1 (4 digits) and PIN2 (6 digits): "
                        + card.status(card.pins().get(0)).describe() + " on each.");
            }
            caCertificates = card.caCertificates();
            signaturePin = card.key(KeyPurpose.SIGNATURE).map(k -> k.pin().label()).orElse("PIN2");
        } finally {
            Arrays.fill(code, '\0');
        }

        Eid4jProvider provider = new Eid4jProvider().configure("--virtual=" + CARD);
        List<String> asked = new ArrayList<>();
        provider.setCallbackHandler(callbacks -> {
            for (var c : callbacks) {
                if (c instanceof PasswordCallback p && p.getPrompt().startsWith("CAN")) {
                    p.setPassword(can.clone()); // the provider opens the card with PACE too
                } else if (c instanceof PasswordCallback p) {
                    asked.add(p.getPrompt());
                    p.setPassword((p.getPrompt().startsWith("PIN2") ? pin2 : pin1).clone());
                }
            }
        });
        // JSSE looks its Signature up among the installed providers, by key: install Eid4j for the login.
        java.security.Security.addProvider(provider);
        try {
            KeyStore keyStore = KeyStore.getInstance("EID", provider);
            keyStore.load(null, null);
            Login login = login(keyStore, provider, caCertificates, random);
            out.println("4. Logged in to a local online service (eid login-service: HTTPS, TLS 1.3, client certificate from the card,");
            out.println("   its status asked of the issuer's OCSP responder): it says");
            out.println("     \"" + login.sentence() + "\"");
            if (login.status() != 200) {
                return 1;
            }
            out.println("     The provider asked for: " + String.join("; ", asked) + ".");

            Path folder = VirtualCards.defaultHome().resolve("demo");
            OutputFiles.createDirectories(folder);
            Path document = folder.resolve("document.txt");
            OutputFiles.write(document, "I, the undersigned, agree to the terms of this demonstration.\n".getBytes(StandardCharsets.UTF_8));
            Path signatureFile = Path.of(document + ".p7s");
            asked.clear();
            PrivateKey signatureKey = (PrivateKey) keyStore.getKey("signature", null);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : keyStore.getCertificateChain("signature")) {
                chain.add((X509Certificate) c);
            }
            OutputFiles.write(signatureFile, CmsDocuments.sign(document, signatureKey, chain, provider));
            out.println("5. Signed " + document + " with the signature key (" + signaturePin + " asked for this signature: "
                    + String.join("; ", asked) + "),");
            out.println("   written as a CMS detached signature to " + signatureFile + ".");

            X509Certificate signer = CmsDocuments.verify(document, Files.readAllBytes(signatureFile));
            out.println("6. Verified it: the signature matches the document and was made by " + HolderName.of(signer)
                    + " (qualified signature certificate from " + Names.readable(signer.getIssuerX500Principal()) + ").");
            Path changed = folder.resolve("document-changed.txt");
            OutputFiles.write(changed, "I, the undersigned, agree to nothing.\n".getBytes(StandardCharsets.UTF_8));
            try {
                CmsDocuments.verify(changed, Files.readAllBytes(signatureFile));
                out.println("   A changed document still verified: that is wrong.");
                return 1;
            } catch (org.bouncycastle.cms.CMSException expected) {
                out.println("   After changing one sentence of the document the check fails, as it must: " + expected.getMessage());
            }
        } finally {
            provider.logout();
            java.security.Security.removeProvider(provider.getName());
            Arrays.fill(pin1, '\0');
            Arrays.fill(pin2, '\0');
            Arrays.fill(can, '\0');
        }
        out.println("Done. Check the signature yourself with ./eid verify " + VirtualCards.defaultHome().resolve("demo/document.txt") + " "
                + VirtualCards.defaultHome().resolve("demo/document.txt.p7s") + ";");
        out.println("look at the card with ./eid status --virtual " + CARD + (which == DemoCard.luxembourg ? " (it asks for the CAN above)" : "") + ", or put it in pcscd's reader with ./eid virtual serve " + CARD + ".");
        return 0;
    }

    /** What the login service answered: its HTTP status and the sentence of its page. */
    private record Login(int status, String sentence) {
    }

    /**
     * Logs in to the login service ({@code eid login-service}) with the card's authentication key,
     * the service trusting the card's CAs and asking them the certificate's status.
     */
    private static Login login(KeyStore cardStore, AuthProvider provider, List<X509Certificate> caCertificates, SecureRandom random)
            throws Exception {
        try (LoginService service = LoginService.onPort(0).trusting(caCertificates).start()) {
            KeyManagerFactory clientKeys = KeyManagerFactory.getInstance("EID", provider);
            clientKeys.init(cardStore, null);
            SSLContext clientContext = SSLContext.getInstance("TLSv1.3");
            clientContext.init(clientKeys.getKeyManagers(), service.clientTrust(), random);
            HttpsURLConnection connection = (HttpsURLConnection) service.url().toURL().openConnection();
            connection.setSSLSocketFactory(clientContext.getSocketFactory());
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(30_000);
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return new Login(status, LoginPage.sentenceOf(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
    }

    /** "Maija Meikäläinen": the name on a certificate, as the commands greet or name its holder. */
    static String personName(X509Certificate certificate) {
        return HolderName.of(certificate);
    }
}

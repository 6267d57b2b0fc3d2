package io.github.eid4j.cli;

import io.github.eid4j.documents.AdesFormat;
import io.github.eid4j.documents.BaselineLevel;
import io.github.eid4j.jca.Eid4jProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.security.auth.login.LoginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eid sign <file>}: a CMS detached signature (.p7s) with the card's signature key; with
 * {@code --format}, an AdES signature of that format and level through EU DSS ({@link AdesSignature}).
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a file with the card's signature key (PIN2): writes a CMS (PKCS#7) detached signature, <file>.p7s.",
            "With --format, an ETSI AdES signature: cades (<file>.p7s, detached), pades (<name>-signed.pdf),"
                    + " xades (<file>.xml) or jades (<file>.jws), at --level B-B, B-T (with a time-stamp from --tsa) or B-LT (B-T with the signing certificate's OCSP answer or CRL)."})
final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CardOptions cardOptions;

    @Parameters(paramLabel = "<file>", description = "The document to sign.")
    Path document;

    @Option(names = {"-o", "--output"}, paramLabel = "<file.p7s>",
            description = "Where to write the signature (default: <file>.p7s; with --format, the name that format takes, as above).")
    Path output;

    @Option(names = "--key", defaultValue = "signature", description = "Which key: signature (default, PIN2) or authentication (PIN1).")
    String alias;

    @Option(names = "--format", paramLabel = "<format>", description = "An AdES signature: cades, pades, xades or jades.")
    String format;

    @Option(names = "--level", paramLabel = "<level>", description = "With --format: B-B (default), B-T or B-LT.")
    String level;

    @Option(names = "--tsa", paramLabel = "<url>", description = "With --level B-T or B-LT: the time-stamping authority (RFC 3161 over HTTP).")
    URI timeStampAuthority;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(document)) {
            throw new IllegalArgumentException("There is no file " + document + " to sign.");
        }
        if (!alias.equals("signature") && !alias.equals("authentication")) {
            throw new IllegalArgumentException("--key is 'signature' or 'authentication', not '" + alias + "'.");
        }
        if (format != null) {
            AdesSignature ades = new AdesSignature(AdesFormat.named(format), BaselineLevel.named(level == null ? "B-B" : level),
                    timeStampAuthority);
            Path target = output != null ? output : ades.format().signatureFile(document);
            OutputFiles.checkWritable(target); // before a PIN is asked or a signature spent
            Eid4jProvider provider = cardOptions.provider();
            provider.setCallbackHandler(new TerminalPins(spec.commandLine().getErr()));
            X509Certificate signer;
            try (AutoCloseable online = cardOptions.testPkiOnline()) {
                signer = ades.sign(document, target, provider, alias);
            }
            spec.commandLine().getOut().println("Signed " + document + " as " + DemoCommand.personName(signer) + " (" + ades.describe()
                    + "); the signature is in " + target + ".");
            return 0;
        }
        if (level != null || timeStampAuthority != null) {
            throw new IllegalArgumentException("--level and --tsa go with --format (cades, pades, xades or jades).");
        }
        Path target = output != null ? output : Path.of(document + ".p7s");
        OutputFiles.checkWritable(target); // before a PIN is asked or a signature spent
        Eid4jProvider provider = cardOptions.provider();
        provider.setCallbackHandler(new TerminalPins(spec.commandLine().getErr()));
        try {
            KeyStore store = KeyStore.getInstance("EID", provider);
            store.load(null, null);
            PrivateKey key = (PrivateKey) store.getKey(alias, null);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : store.getCertificateChain(alias)) {
                chain.add((X509Certificate) c);
            }
            OutputFiles.write(target, CmsDocuments.sign(document, key, chain, provider)); // signed and checked before anything is written
            spec.commandLine().getOut().println("Signed " + document + " as " + DemoCommand.personName(chain.get(0))
                    + "; the signature is in " + target + ".");
        } catch (Exception | Error failure) {
            // A card that failed the signature often fails the logout too; the user needs the first reason.
            // Either way the card is reset as the command ends, so no PIN stays verified.
            try {
                provider.logout();
            } catch (LoginException | RuntimeException again) {
                failure.addSuppressed(again);
            }
            throw failure;
        }
        // No logout after a signature: PIN2 served this one signature, and the card is reset as the
        // command ends (its connection closes with SCARD_RESET_CARD), so a SELECT here would be an APDU for nothing.
        return 0;
    }
}

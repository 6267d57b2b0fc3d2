package io.github.eid4j.cli;

import eu.europa.esig.dss.model.FileDocument;
import io.github.eid4j.documents.DocumentValidation;
import io.github.eid4j.documents.SignatureVerdict;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.bouncycastle.cms.CMSException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eid verify <signed file> [--detached <original>]}: validates an AdES signature with DSS's
 * validator; {@code eid verify <file> <sig>} checks a CMS detached signature as before. Needs no card.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Validate a signature and show who signed it and when. Needs no card.",
            "eid verify <signed file>: a PAdES PDF, a XAdES or JAdES file, or a CAdES .p7s with --detached <original>, validated as"
                    + " ETSI EN 319 102-1 says (EU DSS), against the authorities given with --trust; revocation data the signature does"
                    + " not carry is fetched from the certificates' OCSP responders and CRLs (3 s each) unless --offline.",
            "eid verify <file> <sig>: checks that a CMS (PKCS#7) detached signature matches <file>."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<file>", description = "The signed file (or, with <sig>, the document).")
    Path document;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<sig>", description = "A CMS detached signature (.p7s) of <file>.")
    Path signature;

    @Option(names = "--detached", paramLabel = "<original>", description = "The signed document of a detached signature (CAdES .p7s).")
    Path original;

    @Option(names = "--trust", paramLabel = "<ca.pem>", description = "A certificate authority the signer's chain may end in (repeatable).")
    List<Path> trusted = new ArrayList<>();

    @Option(names = "--offline", description = "Fetch no revocation data (OCSP, CRL): use only what the signature carries.")
    boolean offline;

    @Override
    public Integer call() throws Exception {
        if (signature == null) {
            return validate();
        }
        if (original != null || !trusted.isEmpty() || offline) {
            throw new IllegalArgumentException("--detached, --trust and --offline go with one signed file: eid verify <signed file> --detached <original> --trust <ca.pem>.");
        }
        for (Path p : new Path[] {document, signature}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("There is no file " + p + ".");
            }
        }
        X509Certificate signer;
        try {
            signer = CmsDocuments.verify(document, Files.readAllBytes(signature));
        } catch (CMSException e) {
            throw new IllegalArgumentException("The signature is not valid: " + e.getMessage(), e);
        }
        spec.commandLine().getOut().println("The signature is valid: " + document + " was signed by " + DemoCommand.personName(signer)
                + " (" + Names.readable(signer.getSubjectX500Principal()) + "), certificate issued by "
                + Names.readable(signer.getIssuerX500Principal()) + ".");
        return 0;
    }

    /** The AdES path: DSS's verdict in plain words, exit 0 only for a signature that passed. */
    private int validate() throws Exception {
        for (Path p : original == null ? new Path[] {document} : new Path[] {document, original}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("There is no file " + p + ".");
            }
        }
        DocumentValidation validation = offline ? new DocumentValidation() : new DocumentValidation().online();
        CertificateFiles.read(trusted).forEach(validation::trust);
        SignatureVerdict verdict;
        try (AutoCloseable online = offline ? null : CardOptions.testPkiOfThisHomeOnline()) {
            verdict = validation.validate(new FileDocument(document.toFile()), original == null ? null : new FileDocument(original.toFile()));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(verdict.sentence());
        out.println("Format: " + verdict.format().replace("_", "-") + (verdict.signatures() > 1
                ? " (the first of " + verdict.signatures() + " signatures)" : ""));
        if (verdict.signer() != null) {
            X509Certificate signer = verdict.signer();
            out.println("Signed by: " + DemoCommand.personName(signer) + " (" + Names.readable(signer.getSubjectX500Principal())
                    + "), certificate issued by " + Names.readable(signer.getIssuerX500Principal()) + ".");
        }
        if (verdict.claimedSigningTime() != null) {
            out.println("Signing time: " + WHEN.format(verdict.claimedSigningTime().toInstant()) + ", as the signer's computer claims.");
        }
        out.println(verdict.timeStamp() == null ? "Time-stamp: none; nothing proves when the signature was made."
                : "Time-stamp: " + WHEN.format(verdict.timeStamp().toInstant()) + ", from a time-stamping authority: the signature existed then.");
        return verdict.passed() ? 0 : 1;
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
}

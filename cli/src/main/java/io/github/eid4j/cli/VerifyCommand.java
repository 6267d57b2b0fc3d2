package io.github.eid4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.bouncycastle.cms.CMSException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eid verify <file> <sig>}: checks a CMS detached signature; needs no card. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a CMS (PKCS#7) detached signature of a file and show who signed it. Needs no card.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<file>", description = "The signed document.")
    Path document;

    @Parameters(index = "1", paramLabel = "<sig>", description = "The signature (.p7s).")
    Path signature;

    @Override
    public Integer call() throws Exception {
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
}

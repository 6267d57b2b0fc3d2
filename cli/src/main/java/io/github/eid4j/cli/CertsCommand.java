package io.github.eid4j.cli;

import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.KeyEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eid certs}: the card's certificates, optionally written out as PEM files. */
@Command(name = "certs", mixinStandardHelpOptions = true, description = "List the card's certificates, or export them as PEM files.")
final class CertsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CardOptions cardOptions;

    @Option(names = "--export", paramLabel = "<dir>", description = "Write authentication.pem, signature.pem and ca-N.pem into <dir>.")
    Path export;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (AutoCloseable online = cardOptions.testPkiOnline(); EidCard card = cardOptions.open()) {
            CertificateStatusLookup statuses = new CertificateStatusLookup();
            if (export != null) {
                OutputFiles.createDirectories(export);
            }
            List<X509Certificate> cas = card.caCertificates();
            for (KeyEntry key : card.keys()) {
                String name = key.purpose().name().toLowerCase(Locale.ROOT);
                out.println(name + ": " + Names.readable(key.certificate().getSubjectX500Principal())
                        + "; status: " + statuses.statusOf(key.certificate(), cas).describe());
                write(key.certificate(), name);
            }
            for (int i = 0; i < cas.size(); i++) {
                out.println("ca-" + (i + 1) + ": " + Names.readable(cas.get(i).getSubjectX500Principal())
                        + "; status: " + statuses.statusOf(cas.get(i), cas).describe());
                write(cas.get(i), "ca-" + (i + 1));
            }
            if (export != null) {
                out.println("Written to " + export + ".");
            }
        }
        return 0;
    }

    private void write(X509Certificate certificate, String name) throws IOException, CertificateEncodingException {
        if (export == null) {
            return;
        }
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        OutputFiles.write(export.resolve(name + ".pem"), pem.getBytes(StandardCharsets.US_ASCII));
    }
}

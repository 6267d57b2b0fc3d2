package io.github.eid4j.cli;

import io.github.eid4j.cli.login.LoginService;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eid login-service}: a relying party's login with an eID card, on localhost, until Ctrl-C. */
@Command(name = "login-service", mixinStandardHelpOptions = true,
        description = {"Run a local HTTPS login service that asks for the eID card's certificate, checks its chain, validity "
                + "and revocation status (OCSP, else the CRL), and greets the holder or says why not. "
                + "/ is the page, /status one word for scripts (good, no-certificate, unknown-issuer, expired, suspended, revoked, ...)."})
final class LoginServiceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", paramLabel = "<port>",
            description = "The port on localhost (default 0: any free port; the service prints its URL).")
    int port;

    @Option(names = "--ca", paramLabel = "<file>",
            description = "Accept certificates issued under the CA certificates in <file> (PEM or DER); may be repeated.")
    List<Path> caFiles = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<X509Certificate> cas = new ArrayList<>();
        for (Path file : caFiles) {
            cas.addAll(certificates(file));
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("Name the CAs whose certificates the service accepts with --ca <file>.");
        }
        LoginService service;
        try {
            service = LoginService.onPort(port).trusting(cas).logging(line -> {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            }).start();
        } catch (BindException e) {
            throw new IllegalArgumentException("Port " + port + " on localhost is in use; choose another with --port, or 0 for any free port.", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "login service shutdown"));
        out.println("Login service at " + service.url() + " (Ctrl-C to stop), accepting certificates from:");
        for (X509Certificate ca : cas) {
            out.println("  " + Names.readable(ca.getSubjectX500Principal()));
        }
        out.flush();
        new CountDownLatch(1).await();
        return 0;
    }

    private static List<X509Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> found = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> found.add((X509Certificate) c));
            if (found.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no certificate.");
            }
            return found;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " is not a certificate file (PEM or DER).", e);
        }
    }
}

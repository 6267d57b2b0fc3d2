package io.github.eid4j.cli;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.pki.StatusResponder;
import io.github.eid4j.card.pki.TestPkiHome;
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
import java.util.Optional;
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
                + "/ is the page, /status one word for scripts (good, no-certificate, unknown-issuer, expired, suspended, revoked, ...). "
                + "Without --ca it accepts the virtual cards of the eid4j home and answers for their test CAs' status (OCSP, CRL) while it runs."})
final class LoginServiceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", paramLabel = "<port>",
            description = "The port on localhost (default 0: any free port; the service prints its URL).")
    int port;

    @Option(names = "--ca", paramLabel = "<file>",
            description = "Accept certificates issued under the CA certificates in <file> (PEM or DER); may be repeated. "
                    + "Default: the test CAs of the virtual cards in the eid4j home.")
    List<Path> caFiles = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<X509Certificate> cas = new ArrayList<>();
        for (Path file : caFiles) {
            cas.addAll(certificates(file));
        }
        Optional<StatusResponder> responder = Optional.empty();
        if (caFiles.isEmpty()) {
            TestPkiHome pki = TestPkiHome.of(VirtualCards.defaultHome());
            cas.addAll(pki.caCertificates());
            if (cas.isEmpty()) {
                throw new IllegalArgumentException("The eid4j home has no virtual card yet, so no CA to accept: make one with "
                        + "'eid virtual create', or name the CAs whose certificates the service accepts with --ca <file>.");
            }
            // The cards' certificates send a relying party to this port for their status; nobody else may be answering there.
            responder = StatusResponder.startUnlessServed(pki);
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
            responder.ifPresent(StatusResponder::close);
            throw new IllegalArgumentException("Port " + port + " on localhost is in use; choose another with --port, or 0 for any free port.", e);
        }
        Optional<StatusResponder> served = responder;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            served.ifPresent(StatusResponder::close);
        }, "login service shutdown"));
        out.println("Login service at " + service.url() + " (Ctrl-C to stop), accepting certificates from:");
        for (X509Certificate ca : cas) {
            out.println("  " + Names.readable(ca.getSubjectX500Principal()));
        }
        served.ifPresent(r -> out.println("The test CAs answer for their certificates' status at " + r.pki().address() + "."));
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

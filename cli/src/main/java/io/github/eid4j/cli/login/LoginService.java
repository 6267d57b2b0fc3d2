package io.github.eid4j.cli.login;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A relying party's login with an eID card, on localhost: HTTPS whose TLS handshake asks for a
 * client certificate without requiring one, so that a client that sends none still gets a page
 * that says so. The chain a client sent is judged after the handshake ({@link CertificateCheck}:
 * a path to a configured CA, validity, revocation) and answered in words ({@link LoginOutcome}):
 * {@code /} is an HTML page that greets the holder by name or says why not, {@code /status} the
 * outcome's one word in plain text, for scripts; both with the outcome's HTTP status.
 *
 * <p>The handshake accepts any client certificate, and its certificate request names no CA,
 * which lets a client offer whatever certificate it has (a client picks among its certificates
 * by the CAs named, and a card from an unknown issuer would otherwise send nothing): the service
 * can then say "unknown issuer" rather than "no certificate". The handshake still proves that
 * the client holds the certificate's private key.
 */
public final class LoginService implements AutoCloseable {
    private final HttpsServer server;
    private final ExecutorService threads;
    private final ServerIdentity identity;

    private LoginService(HttpsServer server, ExecutorService threads, ServerIdentity identity) {
        this.server = server;
        this.threads = threads;
        this.identity = identity;
    }

    /** A service on 127.0.0.1 and this port; 0 takes any free one ({@link #url()} says which). */
    public static Builder onPort(int port) {
        return new Builder(port);
    }

    /** "https://localhost:port/". */
    public URI url() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/");
    }

    /** The service's own TLS certificate, made for this run: what a client trusts it by. */
    public X509Certificate tlsCertificate() {
        return identity.certificate();
    }

    /** Trust managers for a client of this service: they trust its TLS certificate, and nothing else. */
    public TrustManager[] clientTrust() throws GeneralSecurityException {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("service", identity.certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            return factory.getTrustManagers();
        } catch (IOException e) {
            throw new GeneralSecurityException("The service's certificate could not be stored: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** The settings of a service, then {@link #start()}. */
    public static final class Builder {
        private final int port;
        private final List<X509Certificate> cas = new ArrayList<>();
        private boolean revocation = true;
        private Consumer<String> log = line -> { };
        private Clock clock = Clock.systemUTC();

        private Builder(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("A port is a number from 0 to 65535, not " + port + ".");
            }
            this.port = port;
        }

        /** Accept certificates issued under these CAs (each a trust anchor: roots or issuing CAs). */
        public Builder trusting(List<X509Certificate> certificates) {
            cas.addAll(certificates);
            return this;
        }

        /** Check each certificate's revocation status (the default), or, with false, only its chain and validity. */
        public Builder checkingRevocation(boolean on) {
            revocation = on;
            return this;
        }

        /** The time a certificate's validity is judged at (default: now, by the system's clock); a test turns it past a certificate's end. */
        public Builder clock(Clock time) {
            clock = Objects.requireNonNull(time);
            return this;
        }

        /** Where one line per login goes: the outcome's word and the holder's name. */
        public Builder logging(Consumer<String> lines) {
            log = Objects.requireNonNull(lines);
            return this;
        }

        public LoginService start() throws IOException, GeneralSecurityException {
            CertificateCheck check = new CertificateCheck(cas, revocation, clock);
            ServerIdentity identity = ServerIdentity.create("eid4j login service", new SecureRandom());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(identity.keyManagers().getKeyManagers(), new TrustManager[] {new AnyClientCertificate()}, new SecureRandom());
            // A resumed TLS 1.3 session keeps the certificate of its first handshake (or none: a browser
            // that had no card would resume without one after the card is put in). Sessions that
            // browsers may resume for a second only make each new connection show the card there now.
            tls.getServerSessionContext().setSessionTimeout(1);
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = tls.getDefaultSSLParameters();
                    p.setWantClientAuth(true);
                    params.setSSLParameters(p);
                }
            });
            Consumer<String> lines = log;
            server.createContext("/", exchange -> answer(exchange, check, false, lines));
            server.createContext("/status", exchange -> answer(exchange, check, true, lines));
            ExecutorService threads = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "login service");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(threads);
            server.start();
            return new LoginService(server, threads, identity);
        }
    }

    private static void answer(HttpExchange exchange, CertificateCheck check, boolean plain, Consumer<String> log) throws IOException {
        try (exchange) {
            List<X509Certificate> sent = sentChain(((HttpsExchange) exchange).getSSLSession());
            LoginOutcome outcome = check.check(sent);
            String holder = sent.isEmpty() ? "" : HolderName.of(sent.get(0));
            log.accept(outcome.word() + (holder.isEmpty() ? "" : ": " + holder));
            byte[] body = (plain ? outcome.word() + "\n" : LoginPage.html(outcome, holder)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", plain ? "text/plain; charset=utf-8" : "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (sent.isEmpty()) {
                // A connection without a certificate stays without one: the next request makes a new
                // handshake, in which the browser may offer the card the user has put in meanwhile.
                exchange.getResponseHeaders().set("Connection", "close");
            }
            exchange.sendResponseHeaders(outcome.httpStatus(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static List<X509Certificate> sentChain(SSLSession session) {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : session.getPeerCertificates()) {
                chain.add((X509Certificate) certificate);
            }
            return chain;
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }
}

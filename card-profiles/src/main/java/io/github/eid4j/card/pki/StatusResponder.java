package io.github.eid4j.card.pki;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The test CAs of an eid4j home, answering over HTTP on 127.0.0.1 at the addresses their
 * certificates name: {@code /<issuer>/ocsp} (OCSP, RFC 6960: POST, or GET with the request in the
 * path, appendix A.1), {@code /<issuer>/ca.crl} (the CRL) and {@code /<issuer>/ca.crt} (the CA
 * certificate), where {@code <issuer>} is a {@link TestIssuer#id()}. Every answer is made from the
 * folder at the time of the request, so a status changed by another program is answered at once.
 * Its threads are daemons: it never keeps a program alive by itself.
 */
public final class StatusResponder implements AutoCloseable {
    private static final int MAX_REQUEST = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;
    private final TestPkiHome pki;

    private StatusResponder(HttpServer server, ExecutorService threads, TestPkiHome pki) {
        this.server = server;
        this.threads = threads;
        this.pki = pki;
    }

    /**
     * Answers for {@code pki} on its port until {@link #close()}.
     *
     * @throws BindException if something else listens on that port (another responder, for one)
     */
    public static StatusResponder start(TestPkiHome pki) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), pki.port()), 16);
        ExecutorService threads = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "eid4j-test-pki-" + pki.port());
            thread.setDaemon(true);
            return thread;
        });
        StatusResponder responder = new StatusResponder(server, threads, pki);
        server.createContext("/", responder::handle);
        server.setExecutor(threads);
        server.start();
        return responder;
    }

    /**
     * Answers for {@code pki} unless its port is taken, which is taken to mean that another program
     * answers for it already (say, {@code eid virtual pki serve}).
     */
    public static Optional<StatusResponder> startUnlessServed(TestPkiHome pki) throws IOException {
        try {
            return Optional.of(start(pki));
        } catch (BindException e) {
            return Optional.empty();
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public TestPkiHome pki() {
        return pki;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getRawPath().split("/", 4);
            Optional<TestIssuer> issuer = path.length >= 3 ? TestIssuer.byId(path[1]) : Optional.empty();
            if (issuer.isEmpty()) {
                send(exchange, 404, "text/plain", "No test CA here.\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            String resource = path[2];
            String method = exchange.getRequestMethod();
            if (resource.equals(IssuerLocations.OCSP) && method.equals("POST") && path.length == 3) {
                byte[] request = readBody(exchange.getRequestBody());
                send(exchange, 200, "application/ocsp-response", new OcspAnswers(pki).answer(request));
            } else if (resource.equals(IssuerLocations.OCSP) && method.equals("GET") && path.length == 4) {
                // RFC 6960 A.1 puts base64 in the path: "+" is a character there, not a space.
                byte[] request = Base64.getDecoder().decode(URLDecoder.decode(path[3].replace("+", "%2B"), StandardCharsets.US_ASCII));
                send(exchange, 200, "application/ocsp-response", new OcspAnswers(pki).answer(request));
            } else if (resource.equals(IssuerLocations.CRL) && method.equals("GET") && path.length == 3) {
                byte[] crl = new CrlPublisher(pki).crl(issuer.get());
                send(exchange, crl == null ? 404 : 200, "application/pkix-crl", crl == null ? new byte[0] : crl);
            } else if (resource.equals(IssuerLocations.CA_CERTIFICATE) && method.equals("GET") && path.length == 3) {
                var ca = pki.issuingAuthority(issuer.get());
                send(exchange, ca.isEmpty() ? 404 : 200, "application/pkix-cert",
                        ca.isEmpty() ? new byte[0] : TestPki.der(ca.get().certificate()));
            } else {
                send(exchange, 404, "text/plain", "Not here.\n".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException | RuntimeException e) {
            // A bad request or a broken folder: the client sees an HTTP error, the responder goes on.
            try {
                send(exchange, 500, "text/plain", new byte[0]);
            } catch (IOException | RuntimeException ignored) {
                // the answer was under way already, or the client has gone
            }
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REQUEST + 1);
        if (body.length > MAX_REQUEST) {
            throw new IOException("An OCSP request of more than " + MAX_REQUEST + " bytes.");
        }
        return body;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}

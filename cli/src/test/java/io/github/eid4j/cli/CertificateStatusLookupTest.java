package io.github.eid4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.pki.StatusResponder;
import io.github.eid4j.card.pki.TestIssuer;
import io.github.eid4j.card.pki.TestPkiHome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where eid learns a certificate's status when OCSP cannot tell, and what the certificate's own dates say first. */
class CertificateStatusLookupTest {
    @TempDir
    Path home;

    private TestPkiHome pki;
    private X509Certificate signature;

    @BeforeEach
    void card() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            pki = TestPkiHome.of(home, socket.getLocalPort());
        }
        new VirtualCards(home).create("card", "fineid-v4", true).wipe();
        signature = pki.certificate("card", KeyPurpose.SIGNATURE);
    }

    @Test
    void whenTheOcspResponderFailsTheCrlTells() throws Exception {
        pki.suspend(signature);
        byte[] crl;
        X509Certificate issuer;
        try (StatusResponder responder = StatusResponder.start(pki)) {
            crl = get(pki.locations(TestIssuer.FINEID_V4).crl());
            issuer = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(get(pki.locations(TestIssuer.FINEID_V4).caIssuers())));
        }
        // The CA's server again, with a broken OCSP responder and the CRL of the moment.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), pki.port()), 4);
        server.createContext("/", exchange -> {
            boolean isCrl = exchange.getRequestURI().getPath().endsWith("/ca.crl");
            exchange.sendResponseHeaders(isCrl ? 200 : 500, isCrl ? crl.length : -1);
            if (isCrl) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(crl);
                }
            }
            exchange.close();
        });
        server.start();
        try {
            CertificateStatus status = new CertificateStatusLookup().statusOf(signature, List.of(issuer));
            assertThat(status.describe()).isEqualTo("suspended since " + pki.state(signature).since() + " (CRL)");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsSaidSoWithoutAskingAnyone() {
        Instant after = signature.getNotAfter().toInstant().plusSeconds(1);
        assertThat(new CertificateStatusLookup(Duration.ofSeconds(3), Clock.fixed(after, ZoneOffset.UTC))
                .statusOf(signature, List.of()).describe()).isEqualTo("expired since " + signature.getNotAfter().toInstant());
        Instant before = signature.getNotBefore().toInstant().minusSeconds(1);
        assertThat(new CertificateStatusLookup(Duration.ofSeconds(3), Clock.fixed(before, ZoneOffset.UTC))
                .statusOf(signature, List.of()).describe()).isEqualTo("not yet valid, valid from " + signature.getNotBefore().toInstant());
    }

    private static byte[] get(String uri) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(uri).isEqualTo(200);
        return response.body();
    }
}

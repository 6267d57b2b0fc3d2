package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.jca.TestCards;
import io.github.eid4j.testing.ProgramRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live test PKI as OpenSSL (a client nobody here wrote) sees it: {@code openssl ocsp} asks the
 * responder the certificate names and checks the answer's signature against the root;
 * {@code openssl crl} checks the CRL the certificate names and lists what it holds.
 */
class OpensslOcspIT {
    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = {TestCards.V4, TestCards.LUXEMBOURG})
    void openSslSeesGoodSuspendedReactivatedAndRevoked(String profile) throws Exception {
        try (LivePki live = LivePki.start(profile)) {
            Certificate[] chain = live.keyStore.getCertificateChain("authentication");
            X509Certificate certificate = (X509Certificate) chain[0];
            Path cert = pem("card.pem", certificate);
            Path issuer = pem("issuer.pem", chain[1]);
            Path root = pem("root.pem", chain[chain.length - 1]);
            Path cas = Files.writeString(folder.resolve("cas.pem"), pemText(chain[1]) + pemText(chain[chain.length - 1]));
            String ocspUrl = uri(certificate, "ocsp");

            assertThat(ocsp(cert, issuer, root, ocspUrl)).contains(cert + ": good");

            live.pki.suspend(certificate);
            assertThat(ocsp(cert, issuer, root, ocspUrl)).contains(cert + ": revoked").contains("Reason: certificateHold");
            assertThat(crl(certificate, cas)).contains("Serial Number: " + serial(certificate)).contains("Certificate Hold");

            live.pki.reactivate(certificate);
            assertThat(ocsp(cert, issuer, root, ocspUrl)).contains(cert + ": good");
            assertThat(crl(certificate, cas)).doesNotContain("Serial Number: " + serial(certificate));

            live.pki.revoke(certificate, CRLReason.KEY_COMPROMISE);
            assertThat(ocsp(cert, issuer, root, ocspUrl)).contains(cert + ": revoked").contains("Reason: keyCompromise");
            assertThat(crl(certificate, cas)).contains("Serial Number: " + serial(certificate)).contains("Key Compromise");
        }
    }

    /** What {@code openssl ocsp} prints; it must have checked the answer's signature ("Response verify OK"). */
    private String ocsp(Path cert, Path issuer, Path root, String url) throws Exception {
        ProgramRun.Result r = ProgramRun.of(List.of("openssl", "ocsp", "-issuer", issuer.toString(), "-cert", cert.toString(),
                "-url", url, "-CAfile", root.toString(), "-timeout", "10")).run();
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.all()).contains("Response verify OK");
        return r.all();
    }

    /** {@code openssl crl -text} of the CRL the certificate names, fetched now, after OpenSSL checked its signature. */
    private String crl(X509Certificate certificate, Path cas) throws Exception {
        HttpResponse<byte[]> fetched = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(uri(certificate, "crl"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        Path crl = Files.write(folder.resolve("ca.crl"), fetched.body());
        ProgramRun.Result r = ProgramRun.of(List.of("openssl", "crl", "-inform", "DER", "-in", crl.toString(),
                "-CAfile", cas.toString(), "-noout", "-text")).run();
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.all()).contains("verify OK");
        return r.all();
    }

    /** The OCSP responder or the CRL the certificate itself names, as a relying party finds them. */
    private static String uri(X509Certificate certificate, String kind) throws Exception {
        List<String> ask = kind.equals("ocsp") ? List.of("-ocsp_uri") : List.of("-ext", "crlDistributionPoints");
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "x509", "-noout"));
        command.addAll(ask);
        ProgramRun.Result r = ProgramRun.of(command).input(pemText(certificate)).run();
        for (String line : r.all().split("\n")) {
            String uri = line.strip().replaceFirst("^URI:", "");
            if (uri.startsWith("http://")) {
                return uri;
            }
        }
        throw new AssertionError("no " + kind + " URI in " + r.all());
    }

    private static String serial(X509Certificate certificate) {
        String hex = certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex; // OpenSSL prints whole bytes
    }

    private Path pem(String name, Certificate certificate) throws Exception {
        return Files.writeString(folder.resolve(name), pemText(certificate));
    }

    private static String pemText(Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}

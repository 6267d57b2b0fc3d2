package io.github.eid4j.jca;

import io.github.eid4j.card.KeyPurpose;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mutual TLS with JSSE on both ends: a server on 127.0.0.1 that requires a client certificate
 * issued under the card's root CA, and a client whose only key manager is Eid4j's
 * KeyManagerFactory "EID". TLS 1.3 makes the v3 card sign RSASSA-PSS; TLS 1.2 with the client
 * limited to rsa_pkcs1_sha256 makes it sign PKCS#1 v1.5 (unlimited, JSSE prefers PSS); the v4
 * card signs ECDSA P-384.
 */
class MutualTlsTest {
    private final ExecutorService server = Executors.newSingleThreadExecutor();
    private String card;

    @AfterEach
    void cleanUp() throws Exception {
        Security.removeProvider(Eid4jProvider.NAME);
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
        if (card != null) {
            TestCards.delete(card);
        }
    }

    @ParameterizedTest(name = "{0} over {1} {2}")
    @CsvSource({
        "fineid-v3, TLSv1.3, ''",
        "fineid-v3, TLSv1.2, ''",
        "fineid-v3, TLSv1.2, rsa_pkcs1_sha256",
        "fineid-v3, TLSv1.2, rsa_pss_rsae_sha384",
        "fineid-v4, TLSv1.3, ''",
        "fineid-v4, TLSv1.2, ''",
        "fineid-v4, TLSv1.2, ecdsa_secp384r1_sha384",
        "luxembourg, TLSv1.3, ''",
        "luxembourg, TLSv1.2, ''",
        "luxembourg, TLSv1.2, rsa_pkcs1_sha256",
    })
    void theServerSeesTheCardHoldersCertificate(String profile, String protocol, String clientSchemes) throws Exception {
        card = TestCards.copy(profile);
        Eid4jProvider provider = new Eid4jProvider().configure("--virtual=" + card);
        ScriptedHandler user = ScriptedHandler.knowingPins();
        provider.setCallbackHandler(user);
        Security.removeProvider(Eid4jProvider.NAME);
        Security.addProvider(provider); // JSSE finds its Signature by key, among the installed providers

        KeyStore eid = KeyStore.getInstance("EID", provider);
        eid.load(null, null);
        X509Certificate root = (X509Certificate) eid.getCertificate("ca-2");
        X509Certificate client = (X509Certificate) eid.getCertificate("authentication");

        KeyPair serverKey = ecKeyPair();
        X509Certificate serverCertificate = selfSigned(serverKey, "CN=localhost");
        SSLContext serverContext = serverContext(serverKey, serverCertificate, root);

        KeyManagerFactory kmf = KeyManagerFactory.getInstance("EID", provider);
        kmf.init(eid, null);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(kmf.getKeyManagers(), trusting(serverCertificate).getTrustManagers(), null);

        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(new String[] {protocol});
            Future<String> seen = server.submit(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(30_000);
                    s.startHandshake();
                    X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
                    String answer = s.getSession().getProtocol() + " " + peer.getSubjectX500Principal().getName() + "\n";
                    s.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                    s.getInputStream().read(); // until the client closes
                    return answer.strip();
                }
            });
            try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket(listener.getInetAddress(), listener.getLocalPort())) {
                socket.setSoTimeout(30_000);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setProtocols(new String[] {protocol});
                if (!clientSchemes.isEmpty()) {
                    // The client's list also bounds the server's own signature (its key is EC P-256): keep that one in.
                    parameters.setSignatureSchemes(new String[] {clientSchemes, "ecdsa_secp256r1_sha256"});
                }
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
                String expected = protocol + " " + client.getSubjectX500Principal().getName();
                assertThat(line).isEqualTo(expected);
                socket.shutdownOutput(); // TLS 1.3 and 1.2 alike: the server's read returns, and it reports what it saw
                assertThat(seen.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        }
        assertThat(user.prompts).as("the authentication PIN once, for the CertificateVerify signature")
                .containsExactly(TestCards.firstPrompt(profile, KeyPurpose.AUTHENTICATION));
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** The server's certificate, made with BouncyCastle; any key will do. */
    private static X509Certificate selfSigned(KeyPair key, String name) throws Exception {
        X500Principal subject = new X500Principal(name);
        long now = System.currentTimeMillis();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now), new Date(now - 60_000),
                new Date(now + 86_400_000L), subject, key.getPublic());
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }

    private static SSLContext serverContext(KeyPair key, X509Certificate certificate, X509Certificate clientRoot) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key.getPrivate(), "secret".toCharArray(), new Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), trusting(clientRoot).getTrustManagers(), null);
        return context;
    }

    private static TrustManagerFactory trusting(X509Certificate anchor) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("anchor", anchor);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        return tmf;
    }
}

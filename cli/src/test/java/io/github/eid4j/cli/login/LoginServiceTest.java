package io.github.eid4j.cli.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.jca.Eid4jProvider;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.callback.PasswordCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The login service as JSSE sees it, with a virtual card's authentication key through the Eid4j
 * provider (in this process, without pcscd): a card under a configured CA is greeted by name, a
 * client without a certificate and a card from another PKI are told why they are refused.
 */
class LoginServiceTest {
    private static final String CARD = "login-maija";
    private static final String OTHER_CARD = "login-other-pki";
    private static final VirtualCards CARDS = VirtualCards.inDefaultHome();

    /** One provider per card for the whole class: a provider keeps its virtual card open, locked against others. */
    private static Eid4jProvider holder;
    private static KeyStore holderStore;
    private static List<X509Certificate> cardCas;
    private static List<X509Certificate> otherCas;
    private LoginService service;

    @BeforeAll
    static void cards() throws Exception {
        for (String name : List.of(CARD, OTHER_CARD)) {
            if (CARDS.names().contains(name)) {
                CARDS.delete(name);
            }
            CARDS.create(name, "fineid-v4", true).wipe();
        }
        holder = new Eid4jProvider().configure("--virtual=" + CARD);
        holder.setCallbackHandler(callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof PasswordCallback pin) {
                    pin.setPassword(FineidVirtualCard.TEST_PIN1.toCharArray());
                }
            }
        });
        Security.addProvider(holder); // JSSE finds the card's Signature by key, among the installed providers
        holderStore = KeyStore.getInstance("EID", holder);
        holderStore.load(null, null);
        cardCas = caCertificates(holderStore);
        KeyStore other = KeyStore.getInstance("EID", new Eid4jProvider().configure("--virtual=" + OTHER_CARD));
        other.load(null, null);
        otherCas = caCertificates(other);
    }

    @AfterAll
    static void removeProvider() {
        Security.removeProvider(Eid4jProvider.NAME);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aCardUnderAConfiguredCaIsGreetedByItsHoldersName() throws Exception {
        service = LoginService.onPort(0).trusting(cardCas).checkingRevocation(false).start();
        Answer page = get(cardKeys(), "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<p id=\"outcome\" class=\"good\">Hello, Maija Meikäläinen! You are logged in with your eID card.</p>");
        assertThat(get(cardKeys(), "/status")).isEqualTo(new Answer(200, "good\n"));
    }

    @Test
    void aClientWithoutACertificateIsToldNoneWasSent() throws Exception {
        service = LoginService.onPort(0).trusting(cardCas).checkingRevocation(false).start();
        Answer page = get(null, "/");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("No certificate was sent by your browser.");
        assertThat(get(null, "/status")).isEqualTo(new Answer(403, "no-certificate\n"));
    }

    @Test
    void aCardFromAnotherPkiIsAnUnknownIssuer() throws Exception {
        service = LoginService.onPort(0).trusting(otherCas).checkingRevocation(false).start();
        Answer page = get(cardKeys(), "/");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("Your certificate was issued by a certification authority this service does not know.");
        assertThat(get(cardKeys(), "/status")).isEqualTo(new Answer(403, "unknown-issuer\n"));
    }

    /** The card's issuing CA and root, as its key store gives them. */
    private static List<X509Certificate> caCertificates(KeyStore card) throws Exception {
        return List.of((X509Certificate) card.getCertificate("ca-1"), (X509Certificate) card.getCertificate("ca-2"));
    }

    /** The card's authentication key for TLS, PIN1 given when asked. */
    private static KeyManager[] cardKeys() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance("EID", holder);
        keys.init(holderStore, null);
        return keys.getKeyManagers();
    }

    record Answer(int status, String body) {
    }

    /** One HTTP/1.0 request on a TLS connection of its own (no session resumed), trusting the service's certificate. */
    private Answer get(KeyManager[] keys, String path) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("service", service.tlsCertificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", service.url().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4));
            return new Answer(status, response.substring(response.indexOf("\r\n\r\n") + 4));
        }
    }
}

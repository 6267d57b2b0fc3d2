package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.card.pki.StatusResponder;
import io.github.eid4j.card.pki.TestPkiHome;
import io.github.eid4j.cli.login.LoginService;
import io.github.eid4j.jca.Eid4jProvider;
import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.testing.ProgramRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.security.auth.callback.PasswordCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The login service ({@code eid login-service}) as TLS clients nobody here wrote meet it, each
 * logging in with a card's authentication key: JSSE (an SSLSocket with the Eid4j key store),
 * NSS's tstclnt and curl (OpenSSL with libp11's pkcs11 engine), both through the PKCS#11 module.
 * For each status of the certificate a client sends, or of none, the page says what the service
 * made of it, in the words of the Luxembourg State's login page and of the issuer, and
 * {@code /status} its one word.
 *
 * <p>The service trusts the FINEID v4 CAs of the test PKI and asks their OCSP responder (or CRL),
 * which answers on 127.0.0.1 during the test; each client has its own cards, since a virtual card
 * is used by one process at a time. A FINEID v3 card is from CAs the service does not know. The
 * expired certificate is the good card's, shown to a second service whose clock is six years
 * ahead: the card's certificates are valid for five, its CAs for ten.
 */
class LoginServiceIT {
    private static final Duration PAST_THE_CERTIFICATES = Duration.ofDays(6 * 366);

    @TempDir
    static Path dir;
    /** The home the in-process provider opens virtual cards from (EID4J_HOME, set by failsafe); the module's config names it too. */
    private static Path home;
    private static StatusResponder responder;
    private static LoginService service;
    private static LoginService later;
    private static Path pin;
    private static final Map<String, Eid4jProvider> PROVIDERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** What each client sends, and what the service answers: HTTP status, the page's sentence, the /status word. */
    enum Case {
        GOOD("good", 200, "Hello, Maija Meikäläinen! You are logged in with your eID card."),
        SUSPENDED("suspended", 403, "Your certificate is suspended. Suspended certificates can be reactivated by their issuer;"
                + " the suspension of a certificate does not affect the validity of the ID card."),
        REVOKED("revoked", 403, "Your certificate has been revoked. Revocation of a certificate is final and irreversible;"
                + " it does not affect the validity of the ID card."),
        EXPIRED("expired", 403, "Your certificate has expired."),
        UNKNOWN_ISSUER("unknown-issuer", 403, "Your certificate was issued by a certification authority this service does not know."),
        NO_CERTIFICATE("no-certificate", 403, "No certificate was sent by your browser.");

        final String word;
        final int status;
        final String sentence;

        Case(String word, int status, String sentence) {
            this.word = word;
            this.status = status;
            this.sentence = sentence;
        }

        /** The card the client logs in with (expired: the good one, to the service of later), or null. */
        String card(Client client) {
            return switch (this) {
                case NO_CERTIFICATE -> null;
                case EXPIRED -> client.card(GOOD);
                default -> client.card(this);
            };
        }

        LoginService service() {
            return this == EXPIRED ? later : service;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        home = VirtualCards.defaultHome();
        TestPkiHome pki = TestPkiHome.anew(home, freePort()); // as LivePki: the home's PKI of an earlier test answers on another port
        VirtualCards cards = new VirtualCards(home);
        for (Client client : Client.values()) {
            for (Case made : List.of(Case.GOOD, Case.SUSPENDED, Case.REVOKED, Case.UNKNOWN_ISSUER)) {
                String name = client.card(made);
                if (cards.names().contains(name)) {
                    cards.delete(name);
                }
                cards.create(name, made == Case.UNKNOWN_ISSUER ? "fineid-v3" : "fineid-v4", true).wipe();
            }
            pki.suspend(pki.certificate(client.card(Case.SUSPENDED), KeyPurpose.AUTHENTICATION));
            pki.revoke(pki.certificate(client.card(Case.REVOKED), KeyPurpose.AUTHENTICATION), CRLReason.KEY_COMPROMISE);
        }
        responder = StatusResponder.start(pki);
        List<X509Certificate> cas;
        try (EidCard card = EidCards.open(EidCards.virtualConnection(Client.JSSE.card(Case.GOOD), home, CardTimeout.configured()))) {
            cas = card.caCertificates();
        }
        service = LoginService.onPort(0).trusting(cas).start();
        later = LoginService.onPort(0).trusting(cas).clock(Clock.offset(Clock.systemUTC(), PAST_THE_CERTIFICATES)).start();
        pin = Files.createFile(dir.resolve("pin.txt"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pin, FineidVirtualCard.TEST_PIN1 + "\n");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable running : new AutoCloseable[] {service, later, responder}) {
            if (running != null) {
                try {
                    running.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Stream<Arguments> clientsAndCases() {
        return Stream.of(Client.values()).flatMap(client -> Stream.of(Case.values()).map(c -> Arguments.of(client, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("clientsAndCases")
    void theServiceSaysWhatItMadeOfTheCertificate(Client client, Case c) throws Exception {
        Answer page = client.get(c.card(client), c.service(), "/");
        assertThat(page.status()).as(page.body()).isEqualTo(c.status);
        assertThat(page.body()).contains("<p id=\"outcome\" class=\"" + c.word + "\">" + c.sentence + "</p>");
        assertThat(client.get(c.card(client), c.service(), "/status")).isEqualTo(new Answer(c.status, c.word + "\n"));
    }

    /** What a client got: the HTTP status and the body. */
    record Answer(int status, String body) {
        static Answer of(String response) {
            assertThat(response).as("an HTTP answer").startsWith("HTTP/1.1 ").contains("\r\n\r\n");
            return new Answer(Integer.parseInt(response.substring(9, 12)), response.substring(response.indexOf("\r\n\r\n") + 4));
        }
    }

    /** A TLS client that logs in with a virtual card of the home, or without a certificate (card null). */
    enum Client {
        /** JSSE in this process, with the card's key through the Eid4j provider and key store (KeyManagerFactory "EID"). */
        JSSE {
            @Override
            Answer get(String card, LoginService to, String path) throws Exception {
                Eid4jProvider provider = card == null ? null : PROVIDERS.computeIfAbsent(card, c -> provider(c));
                KeyManager[] keys = null;
                if (provider != null) {
                    KeyStore store = KeyStore.getInstance(Eid4jProvider.KEY_STORE_TYPE, provider);
                    store.load(null, null);
                    KeyManagerFactory factory = KeyManagerFactory.getInstance(Eid4jProvider.KEY_STORE_TYPE, provider);
                    factory.init(store, null);
                    keys = factory.getKeyManagers();
                    Security.addProvider(provider); // JSSE finds the card's Signature by key, among the installed providers
                }
                try {
                    SSLContext tls = SSLContext.getInstance("TLS");
                    tls.init(keys, to.clientTrust(), null);
                    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", to.url().getPort())) {
                        socket.setSoTimeout(30_000);
                        socket.getOutputStream().write(request(path).getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                        return Answer.of(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    }
                } finally {
                    if (provider != null) {
                        Security.removeProvider(provider.getName());
                    }
                }
            }

            /** One provider per card for the whole class: a provider keeps its virtual card open, locked against others. */
            private static Eid4jProvider provider(String card) {
                Eid4jProvider provider = new Eid4jProvider().configure("--virtual=" + card);
                provider.setCallbackHandler(callbacks -> {
                    for (var callback : callbacks) {
                        if (callback instanceof PasswordCallback asked) {
                            asked.setPassword(FineidVirtualCard.TEST_PIN1.toCharArray());
                        }
                    }
                });
                return provider;
            }
        },
        /** NSS's tstclnt with the module in its database, the PIN from a file. */
        TSTCLNT {
            @Override
            Answer get(String card, LoginService to, String path) throws Exception {
                Path request = Files.writeString(dir.resolve("request.txt"), request(path));
                List<String> command = new ArrayList<>(List.of("setsid", "-w", "tstclnt", "-h", "localhost", "-4",
                        "-p", "" + to.url().getPort(), "-d", database(card, to), "-A", request.toString()));
                if (card != null) {
                    // The authentication certificate's nickname: its token's label, then its label (English under C.UTF-8).
                    String nickname = Fixture.tokenLabel(config(card), 0) + ":Authentication";
                    command.addAll(List.of("-n", nickname, "-W", pin.toString()));
                }
                return Answer.of(ProgramRun.of(command).with(module(card)).in(dir).run().ok().out());
            }

            /** An NSS database with the module added and the service's certificate trusted as a peer: "sql:" and its folder. */
            private String database(String card, LoginService to) throws Exception {
                Path db = dir.resolve("nss-" + card + "-" + to.url().getPort());
                String sql = "sql:" + db;
                if (!Files.isDirectory(db)) {
                    Files.createDirectories(db);
                    ProgramRun.of("certutil", "-N", "-d", sql, "--empty-password").in(dir).run().ok();
                    ProgramRun.of("certutil", "-A", "-d", sql, "-n", "service", "-t", "P,,", "-a", "-i", pem(to).toString())
                            .in(dir).run().ok();
                    if (card != null) {
                        ProgramRun.of("modutil", "-dbdir", sql, "-add", "eid4j", "-libfile", Fixture.module().toString(), "-force")
                                .with(module(card)).in(dir).run().ok();
                    }
                }
                return sql;
            }
        },
        /** curl with OpenSSL's pkcs11 engine (libp11) finding the key and certificate by PKCS#11 URI; the PIN is the key's passphrase. */
        CURL {
            @Override
            Answer get(String card, LoginService to, String path) throws Exception {
                List<String> command = new ArrayList<>(List.of("setsid", "-w", "curl", "--silent", "--show-error", "--include",
                        "--cacert", pem(to).toString()));
                if (card != null) {
                    // In a file only its owner reads, not on the command line, where ps shows it.
                    Path options = dir.resolve("curl-" + card + ".conf");
                    if (!Files.exists(options)) {
                        Files.createFile(options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                        Files.writeString(options, "pass = \"" + FineidVirtualCard.TEST_PIN1 + "\"\n");
                    }
                    String key = Fixture.keyUri(config(card), 0, "45");
                    command.addAll(List.of("--config", options.toString(), "--engine", "pkcs11", "--cert-type", "ENG",
                            "--cert", key.replace(";type=private", ";type=cert"), "--key-type", "ENG", "--key", key));
                }
                command.add(to.url().resolve(path).toString());
                return Answer.of(ProgramRun.of(command).with(module(card)).in(dir).run().ok().out());
            }
        };

        abstract Answer get(String card, LoginService to, String path) throws Exception;

        /** This client's card for a case: "login-tstclnt-suspended", ... */
        String card(Case c) {
            return "login-" + name().toLowerCase(java.util.Locale.ROOT) + "-" + c.word;
        }

        static String request(String path) {
            return "GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n";
        }

        /** The service's TLS certificate in a PEM file, as the native clients trust it. */
        static Path pem(LoginService to) throws IOException {
            Path file = dir.resolve("service-" + to.url().getPort() + ".pem");
            if (!Files.exists(file)) {
                try {
                    Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
                            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(to.tlsCertificate().getEncoded())
                            + "\n-----END CERTIFICATE-----\n");
                } catch (java.security.cert.CertificateEncodingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return file;
        }

        /** The module's config naming the card, for the module in the client's process, and where the engine finds the module. */
        static Map<String, String> module(String card) throws IOException {
            if (card == null) {
                return Map.of();
            }
            return Map.of("EID4J_PKCS11_CONF", config(card).toString(), "PKCS11_MODULE_PATH", Fixture.module().toString(),
                    "LC_ALL", "C.UTF-8");
        }

        /** The module's config showing this card alone. */
        static Path config(String card) throws IOException {
            return Fixture.writeConfig(dir.resolve(card + ".conf"), home, List.of(card));
        }
    }
}

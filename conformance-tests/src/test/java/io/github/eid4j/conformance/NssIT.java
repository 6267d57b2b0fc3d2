package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.testing.ProgramRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NSS, the PKCS#11 consumer inside Firefox and Thunderbird: modutil adds the module to a
 * database, certutil lists the tokens' certificates and keys, cmsutil signs a CMS message with
 * the authentication key (NSS hashes, the card signs a digest: raw ECDSA or RSA PKCS#1), and
 * OpenSSL verifies the message. NSS's TLS client tstclnt logs in to an OpenSSL server that asks
 * for a client certificate from the card's CAs, with the authentication key: ECDSA, and RSA-PSS
 * (CKM_RSA_PKCS_PSS, as TLS 1.3 needs) or PKCS#1 v1.5 in TLS 1.2. One card per database; the
 * tokens are named after the holder, the PIN and the card ("Maija Meikäläinen (PIN1) #7850").
 */
class NssIT {
    /** The PIN1 token's label of each card's database, as modutil shows it. */
    private static final Map<String, String> PIN1_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    @TempDir
    static Path dir;
    private static Path home;
    private static Path pin;
    private static Path wrongPin;
    private static Path serverCert;
    private static Path request;

    @BeforeAll
    static void cards() throws Exception {
        home = dir.resolve("home");
        Fixture.createCards(home, "v4", "fineid-v4", "v3", "fineid-v3", "wrong", "fineid-v4");
        pin = secret("pin", FineidVirtualCard.TEST_PIN1);
        wrongPin = secret("wrong-pin", "9999");
        serverCert = OpensslTlsServer.createIdentity(dir);
        request = Files.writeString(dir.resolve("request.txt"), "GET / HTTP/1.0\r\n\r\n");
    }

    /** A password file for NSS (-f, -W) that only its owner reads. */
    private static Path secret(String name, String value) throws IOException {
        Path file = Files.createFile(dir.resolve(name + ".txt"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, value + "\n");
    }

    /** The authentication certificate's nickname in NSS: token label, then the certificate's CKA_LABEL (English here). */
    private static String authentication(String card) {
        return PIN1_TOKENS.get(card) + ":Authentication";
    }

    private static Map<String, String> env(String card) {
        return Map.of("EID4J_PKCS11_CONF", dir.resolve(card + ".conf").toString(), "LC_ALL", "C.UTF-8");
    }

    private static ProgramRun.Result nss(String card, String... command) throws Exception {
        return ProgramRun.of(command).with(env(card)).in(dir).run();
    }

    /** A new NSS database with the module added, showing the card's two tokens: "sql:" and its folder. */
    private static String database(String card, String purpose) throws Exception {
        Fixture.writeConfig(dir.resolve(card + ".conf"), home, List.of(card));
        Path db = Files.createDirectories(dir.resolve("nss-" + card + "-" + purpose));
        String sql = "sql:" + db;
        nss(card, "certutil", "-N", "-d", sql, "--empty-password").ok();
        nss(card, "modutil", "-dbdir", sql, "-add", "eid4j", "-libfile", Fixture.module().toString(), "-force").ok();
        assertThat(nss(card, "modutil", "-dbdir", sql, "-list").ok().out())
                .contains("library name: " + Fixture.module(), "slots: 2 slots attached");
        String modules = nss(card, "modutil", "-dbdir", sql, "-list").ok().out();
        Matcher token = Pattern.compile("token: (Maija Meikäläinen \\(PIN1\\) #\\w{4})").matcher(modules);
        assertThat(token.find()).as("a PIN1 token named after its holder in:%n%s", modules).isTrue();
        assertThat(modules).containsPattern("token: Maija Meikäläinen \\(PIN2\\) #\\w{4}");
        PIN1_TOKENS.put(card, token.group(1));
        return sql;
    }

    /** A certificate on the PIN1 token, read through NSS, as PEM. */
    private static String certificate(String card, String sql, String nickname) throws Exception {
        return nss(card, "certutil", "-L", "-d", sql, "-h", PIN1_TOKENS.get(card), "-f", pin.toString(), "-n", nickname, "-a").ok().out();
    }

    private void signsCms(String card) throws Exception {
        String sql = database(card, "cms");
        String token = PIN1_TOKENS.get(card);
        assertThat(nss(card, "certutil", "-L", "-d", sql, "-h", token, "-f", pin.toString()).ok().out())
                .contains(token + ":eid4j TEST Root CA").containsPattern(Pattern.quote(token + ":Authentication") + " +u,u,u");
        String keys = nss(card, "certutil", "-K", "-d", sql, "-h", token, "-f", pin.toString()).ok().out();
        assertThat(keys).contains(card.equals("v4") ? "ec" : "rsa");
        String nickname = keys.lines().filter(l -> l.startsWith("<")).findFirst().orElseThrow();
        nickname = token + ":" + nickname.substring(nickname.lastIndexOf('"') + 1).strip();
        assertThat(nickname).isEqualTo(authentication(card));

        // cmsutil wants the signer's chain trusted: the root, read from the token, trusted in the database.
        Path root = dir.resolve(card + "-root.der");
        ProgramRun.of("pkcs11-tool", "--module", Fixture.module().toString(),
                "--slot", "0", "--read-object", "--type", "cert", "--label", "eid4j TEST Root CA", "-o", root.toString())
                .with(env(card)).in(dir).run().ok();
        nss(card, "certutil", "-A", "-d", sql, "-n", "root", "-t", "CT,C,C", "-i", root.toString()).ok();
        Path data = Files.writeString(dir.resolve(card + ".txt"), "Signed through NSS\n");
        Path cms = dir.resolve(card + ".p7s");
        nss(card, "cmsutil", "-S", "-N", nickname, "-H", "SHA256", "-d", sql, "-f", pin.toString(), "-i", data.toString(),
                "-o", cms.toString()).ok();
        ProgramRun.Result verified = ProgramRun.of("openssl", "cms", "-verify", "-inform", "DER", "-in", cms.toString(),
                "-CAfile", pem(root), "-purpose", "any").in(dir).run();
        assertThat(verified.ok().all()).contains("Verification successful", "Signed through NSS");
    }

    private static String pem(Path der) throws Exception {
        Path pem = der.resolveSibling(der.getFileName() + ".pem");
        ProgramRun.of("openssl", "x509", "-inform", "DER", "-in", der.toString(), "-out", pem.toString()).in(dir).run().ok();
        return pem.toString();
    }

    @Test
    void nssSignsWithTheV4CardsEcKey() throws Exception {
        signsCms("v4");
    }

    @Test
    void nssSignsWithTheV3CardsRsaKey() throws Exception {
        signsCms("v3");
    }

    /**
     * A client database for TLS: the module added and the server's certificate trusted; and the
     * file of CAs the server accepts client certificates from, the card's root and issuing CA;
     * and the card's authentication certificate (DER), all read through NSS.
     */
    private record TlsClient(String card, String sql, Path serverCas, byte[] authenticationCertificate) {
        static TlsClient of(String card) throws Exception {
            String sql = database(card, "tls");
            nss(card, "certutil", "-A", "-d", sql, "-n", "server", "-t", "P,,", "-a", "-i", serverCert.toString()).ok();
            Path cas = Files.writeString(dir.resolve(card + "-cas.pem"), certificate(card, sql, PIN1_TOKENS.get(card) + ":eid4j TEST Root CA")
                    + certificate(card, sql, PIN1_TOKENS.get(card) + ":eid4j TEST Citizen Certificates CA"));
            // By its ID through the module: certutil -n prints every certificate with the nickname's
            // subject, and the card's two certificates share theirs, in no fixed order.
            Path authentication = dir.resolve(card + "-authentication.der");
            ProgramRun.of("pkcs11-tool", "--module", Fixture.module().toString(), "--slot", "0", "--read-object", "--type", "cert",
                    "--id", "45", "-o", authentication.toString()).with(env(card)).in(dir).run().ok();
            return new TlsClient(card, sql, cas, Files.readAllBytes(authentication));
        }

        /**
         * tstclnt connects, logs in to the PIN1 token with the PIN in a file, presents the card's
         * authentication certificate and sends an HTTP request; it prints the server's answer. Run
         * without a terminal (setsid), so that NSS never asks a developer's terminal for a PIN.
         */
        ProgramRun.Result connect(OpensslTlsServer server, Path pinFile, String versions) throws Exception {
            return ProgramRun.of("setsid", "-w", "tstclnt", "-h", "localhost", "-4", "-p", "" + server.port(),
                    "-d", sql, "-n", authentication(card), "-W", pinFile.toString(), "-V", versions, "-A", request.toString())
                    .with(env(card)).in(dir).run();
        }
    }

    /** The base64 body of the first PEM certificate at or after an index. */
    private static byte[] pemBody(String text, int from) {
        Matcher m = Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL).matcher(text);
        assertThat(m.find(from)).as("a PEM certificate in:%n%s", text).isTrue();
        return Base64.getMimeDecoder().decode(m.group(1));
    }

    /** The handshake completed and the server saw the card's certificate, which it verified, and the client's signature. */
    private static void serverSawTheCard(ProgramRun.Result client, TlsClient tls, String protocol, String signatureType,
            String digest) throws Exception {
        String page = client.ok().out();
        assertThat(page).contains("HTTP/1.0 200 ok", "Protocol  : " + protocol, "Verify return code: 0 (ok)",
                "Peer signature type: " + signatureType, "Peer signing digest: " + digest, "Client certificate");
        assertThat(pemBody(page, page.indexOf("Client certificate"))).isEqualTo(tls.authenticationCertificate());
    }

    @Test
    void tlsClientLoginWithTheV4CardsEcKey() throws Exception {
        TlsClient tls = TlsClient.of("v4");
        try (OpensslTlsServer server = new OpensslTlsServer(dir, tls.serverCas())) {
            serverSawTheCard(tls.connect(server, pin, "tls1.3:tls1.3"), tls, "TLSv1.3", "ECDSA", "SHA384");
        }
    }

    @Test
    void tlsClientLoginWithTheV3CardsRsaKey() throws Exception {
        TlsClient tls = TlsClient.of("v3");
        try (OpensslTlsServer server = new OpensslTlsServer(dir, tls.serverCas())) {
            serverSawTheCard(tls.connect(server, pin, "tls1.3:tls1.3"), tls, "TLSv1.3", "RSA-PSS", "SHA256");
        }
        // TLS 1.2 with the signature the server asks for: PKCS#1 v1.5.
        try (OpensslTlsServer server = new OpensslTlsServer(dir, tls.serverCas(), "-tls1_2", "-client_sigalgs", "RSA+SHA256")) {
            serverSawTheCard(tls.connect(server, pin, "tls1.2:tls1.2"), tls, "TLSv1.2", "RSA", "SHA256");
        }
    }

    /**
     * A wrong PIN: the handshake fails without a client certificate and without a crash, and the
     * card is not blocked. NSS tries the PIN file's PIN more than once (each step that needs the
     * key logs in again): PIN1 of 5 tries is "count low" but not at its final try, so at most 3
     * were used. The right PIN then logs in and the count is whole again.
     */
    @Test
    void aWrongPinFailsTheHandshakeCleanly() throws Exception {
        TlsClient tls = TlsClient.of("wrong");
        try (OpensslTlsServer server = new OpensslTlsServer(dir, tls.serverCas())) {
            ProgramRun.Result refused = tls.connect(server, wrongPin, "tls1.3:tls1.3");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains("Incorrect password/PIN entered", "Failed to load a suitable client certificate");
            assertThat(refused.out()).doesNotContain("Client certificate");
            server.await(Pattern.compile("peer did not return a certificate"));
            String flags = nss("wrong", "pkcs11-tool", "--module", Fixture.module().toString(), "-L").ok().out();
            assertThat(flags).contains("user PIN count low").doesNotContain("final try").doesNotContain("PIN locked");

            serverSawTheCard(tls.connect(server, pin, "tls1.3:tls1.3"), tls, "TLSv1.3", "ECDSA", "SHA384");
            assertThat(nss("wrong", "pkcs11-tool", "--module", Fixture.module().toString(), "-L").ok().out()).doesNotContain("count low");
        }
    }
}

package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.pkcs11.Interactive;
import io.github.eid4j.pkcs11.XDisplay;
import io.github.eid4j.testing.ProgramRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a browser meets, shown with NSS's own tools on an NSS database as Firefox and Chromium keep
 * one. NSS's client authentication (tstclnt without a nickname: NSS_GetClientAuthData, as the
 * browsers use it) logs in to every token that needs a login while it looks for a certificate;
 * libeid4j-pkcs11-login.so, the module for browsers, shows each card's authentication token only,
 * so the PIN the user gives goes to that token and no other (OpenSC's pkcs11-spy, between NSS and
 * the module, records the logins). Where the module's dialog can be shown, that token needs no
 * login at all: NSS finds the key without one and the dialog asks the PIN when the key signs. And
 * two cards of one holder give four distinct tokens and certificate nicknames.
 */
class BrowserNssIT {
    private static final Path SPY = Path.of("/usr/lib/x86_64-linux-gnu/pkcs11/pkcs11-spy.so");

    @TempDir
    static Path dir;
    private static Path bothCards;
    private static Path oneCard;
    private static Path oneCardDebug;
    private static Path pin1;
    private static Path request;

    @BeforeAll
    static void cardsAndServer() throws Exception {
        bothCards = Fixture.v4AndV3Config(dir);
        oneCard = Fixture.writeConfig(dir.resolve("v4.conf"), dir.resolve("home"), List.of("v4"));
        // debug: the dialog's words on stderr
        oneCardDebug = Fixture.writeConfig(dir.resolve("v4-debug.conf"), dir.resolve("home"), List.of("v4"), "debug = true");
        pin1 = Files.createFile(dir.resolve("pin1.txt"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pin1, FineidVirtualCard.TEST_PIN1 + "\n");
        request = Files.writeString(dir.resolve("request.txt"), "GET / HTTP/1.0\r\n\r\n");
        OpensslTlsServer.createIdentity(dir);
    }

    private static ProgramRun.Result nss(Path config, Map<String, String> env, String... command) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("EID4J_PKCS11_CONF", config.toString());
        all.put("LC_ALL", "C.UTF-8");
        // setsid: no terminal, so that NSS never asks a developer's terminal for a PIN
        List<String> withoutTerminal = new java.util.ArrayList<>(List.of("setsid", "-w"));
        withoutTerminal.addAll(List.of(command));
        return ProgramRun.of(withoutTerminal).with(all).in(dir).run();
    }

    /** A new NSS database with this library added as "eid4j", trusting the test server. */
    private static String database(Path config, String name, Path library, Map<String, String> env) throws Exception {
        String sql = "sql:" + Files.createDirectories(dir.resolve(name));
        nss(config, env, "certutil", "-N", "-d", sql, "--empty-password").ok();
        nss(config, env, "modutil", "-dbdir", sql, "-add", "eid4j", "-libfile", library.toString(), "-force").ok();
        nss(config, env, "certutil", "-A", "-d", sql, "-n", "server", "-t", "P,,", "-a", "-i", dir.resolve("server.pem").toString()).ok();
        return sql;
    }

    /** OpenSC's pkcs11-spy recording into {@code log} the calls to the module for browsers, with more variables. */
    private static Map<String, String> spied(Path log, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("PKCS11SPY", Fixture.dist().resolve("libeid4j-pkcs11-login.so").toString());
        env.put("PKCS11SPY_OUTPUT", log.toString());
        return env;
    }

    /** The card's CA certificates in PEM, which the test server asks client certificates of. */
    private static Path clientCas(Path config) throws Exception {
        Path root = dir.resolve("root.der");
        ProgramRun.of("pkcs11-tool", "--module", Fixture.module().toString(), "--slot", "0", "--read-object", "--type", "cert",
                "--label", "eid4j TEST Root CA", "-o", root.toString()).with(Map.of("EID4J_PKCS11_CONF", config.toString())).in(dir).run().ok();
        Path cas = dir.resolve("cas.pem");
        ProgramRun.of("openssl", "x509", "-inform", "DER", "-in", root.toString(), "-out", cas.toString()).in(dir).run().ok();
        return cas;
    }

    private static long calls(String log, String function) {
        return Pattern.compile("(?m)^\\d+: " + function + "$").matcher(log).results().count();
    }

    /** Without a display (no dialog to show) the token needs a login, and NSS gives it the PIN it was given. */
    @Test
    void nssLooksForAClientCertificateAndLogsInOnceToTheAuthenticationTokenOnly() throws Exception {
        assertThat(SPY).as("OpenSC's pkcs11-spy (Debian package opensc-pkcs11)").exists();
        Path config = oneCard;
        Path log = dir.resolve("spy.log");
        Map<String, String> spied = spied(log, Map.of("DISPLAY", ""));
        String sql = database(config, "browser", SPY, spied);
        Path cas = clientCas(config);
        Files.deleteIfExists(log);

        try (OpensslTlsServer server = new OpensslTlsServer(dir, cas)) {
            ProgramRun.Result client = nss(config, spied, "tstclnt", "-h", "localhost", "-4", "-p", "" + server.port(), "-d", sql,
                    "-W", pin1.toString(), "-V", "tls1.3:tls1.3", "-A", request.toString());
            assertThat(client.ok().out()).contains("HTTP/1.0 200 ok", "Client certificate", "GN=Maija");
            assertThat(client.err()).doesNotContain("Error opening input terminal");
        }
        String calls = Files.readString(log);
        Matcher login = Pattern.compile("C_Login\\n.*\\n\\[in\\] hSession = (0x\\w+)\\n(?s:.*?)Returned:  (\\d+ \\w+)").matcher(calls);
        List<String> results = login.results().map(m -> m.group(2)).toList();
        assertThat(results).as("NSS's logins, one with the PIN it was given:%n%s", calls).containsExactly("0 CKR_OK");
    }

    /**
     * With a display, NSS never logs in (Chromium would otherwise show its own PIN window first):
     * it finds the authentication key without a login, and the module's dialog asks the PIN once,
     * when the key signs in the handshake.
     */
    @Test
    void withTheModulesDialogNssNeverLogsInAndTheKeySignsAfterOneDialog() throws Exception {
        assertThat(SPY).as("OpenSC's pkcs11-spy (Debian package opensc-pkcs11)").exists();
        Path config = oneCardDebug;
        Path log = dir.resolve("spy-dialog.log");
        try (XDisplay display = XDisplay.start()) {
            Map<String, String> spied = spied(log, Map.of("DISPLAY", display.name(), "EID4J_PKCS11_CONF", config.toString(),
                    "LC_ALL", "C.UTF-8"));
            String sql = database(config, "browser-dialog", SPY, spied);
            Path cas = clientCas(config);
            Files.deleteIfExists(log);
            try (OpensslTlsServer server = new OpensslTlsServer(dir, cas);
                    Interactive client = Interactive.start(display, spied, "setsid", "-w", "tstclnt", "-h", "localhost", "-4",
                            "-p", "" + server.port(), "-d", sql, "-V", "tls1.3:tls1.3", "-A", request.toString())) {
                assertThat(client.awaitErr("eid4j PIN shows:")).contains("[Enter PIN1 (authentication), 5 tries left.]");
                display.type(FineidVirtualCard.TEST_PIN1);
                assertThat(client.exit()).as(client.err()).isZero();
                assertThat(client.out()).contains("HTTP/1.0 200 ok", "Client certificate", "GN=Maija");
                assertThat(client.err().split("eid4j PIN shows:", -1)).as("the dialog asked once:%n%s", client.err()).hasSize(2);
            }
        }
        String calls = Files.readString(log);
        assertThat(calls(calls, "C_Login")).as("NSS's logins:%n%s", calls).isZero();
        assertThat(calls(calls, "C_Sign")).as("the key's signatures:%n%s", calls).isEqualTo(1);
    }

    @Test
    void twoCardsOfOneHolderAreFourTokensAndDistinctNicknames() throws Exception {
        Path config = bothCards;
        String sql = database(config, "two-cards", Fixture.module(), Map.of());
        String modules = nss(config, Map.of(), "modutil", "-list", "eid4j", "-dbdir", sql).ok().out();
        List<String> tokens = Pattern.compile("Token Name: (.+)").matcher(modules).results().map(m -> m.group(1).strip()).toList();
        assertThat(tokens).as(modules).hasSize(4).doesNotHaveDuplicates()
                .allMatch(t -> t.matches("Maija Meikäläinen \\(PIN[12]\\) #\\w{4}"));
        List<String> slots = Pattern.compile("Slot: (.+)").matcher(modules).results().map(m -> m.group(1).strip()).toList();
        assertThat(slots).hasSize(4);
        assertThat(slots.get(0)).startsWith("eid4j virtual card 'v4' (FINEID v4.0 #").isNotEqualTo(slots.get(2));
        assertThat(slots.get(2)).startsWith("eid4j virtual card 'v3' (FINEID v3.1 #");

        // Public certificates, read without a PIN: "token label:certificate label", each once.
        String listed = nss(config, Map.of(), "certutil", "-L", "-d", sql, "-h", "all").out();
        List<String> nicknames = listed.lines().filter(l -> l.startsWith("Maija")).map(l -> l.replaceAll("\\s+\\S*,\\S*,\\S*\\s*$", ""))
                .toList();
        assertThat(nicknames).as(listed).hasSize(8).doesNotHaveDuplicates();
        assertThat(nicknames.stream().filter(n -> n.endsWith(":Authentication"))).hasSize(2);
        assertThat(nicknames.stream().filter(n -> n.endsWith(":Signature"))).hasSize(2);
    }
}

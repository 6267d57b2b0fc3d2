package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.card.luxembourg.LuxembourgVirtualCard;
import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.testing.ProgramRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NSS's TLS client tstclnt logs in with the Luxembourg eID's authentication key through the
 * module, the card opened by PACE with the CAN from the module's configuration file (the module
 * cannot ask anyone for it): the server (openssl s_server) verifies the card's certificate
 * against the LuxTrust-shaped TEST CAs and the client's RSA-PSS signature in TLS 1.3.
 */
class LuxembourgNssIT {
    @TempDir
    static Path dir;
    private static Path home;
    private static Path pin;
    private static Path request;

    @BeforeAll
    static void card() throws Exception {
        home = dir.resolve("home");
        Fixture.createCards(home, "lux", "luxembourg");
        pin = Files.createFile(dir.resolve("pin.txt"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pin, LuxembourgVirtualCard.TEST_PIN + "\n");
        request = Files.writeString(dir.resolve("request.txt"), "GET / HTTP/1.0\r\n\r\n");
        OpensslTlsServer.createIdentity(dir);
    }

    private static ProgramRun.Result nss(Path config, String... command) throws Exception {
        // XDG_CONFIG_HOME: an empty folder, so that no CAN the developer remembered plays a part
        return ProgramRun.of(command).with(Map.of("EID4J_PKCS11_CONF", config.toString(),
                "XDG_CONFIG_HOME", dir.resolve("config").toString(), "LC_ALL", "C.UTF-8")).in(dir).run();
    }

    /** A new NSS database with the module added, which trusts the openssl server's certificate. */
    private static String database(Path config, String name) throws Exception {
        Path db = Files.createDirectories(dir.resolve("nss-" + name));
        String sql = "sql:" + db;
        nss(config, "certutil", "-N", "-d", sql, "--empty-password").ok();
        nss(config, "modutil", "-dbdir", sql, "-add", "eid4j", "-libfile", Fixture.module().toString(), "-force").ok();
        nss(config, "certutil", "-A", "-d", sql, "-n", "server", "-t", "P,,", "-a", "-i", dir.resolve("server.pem").toString()).ok();
        return sql;
    }

    @Test
    void tstclntLogsInWithTheCardOpenedByTheConfiguredCan() throws Exception {
        Path config = Fixture.writeConfig(dir.resolve("can.conf"), home, List.of("lux"), "can = " + LuxembourgVirtualCard.TEST_CAN);
        String sql = database(config, "can");
        String modules = nss(config, "modutil", "-dbdir", sql, "-list", "eid4j").ok().out();
        Matcher token = Pattern.compile("(?m)^\\s*Token Name: (.+?)\\s*$").matcher(modules);
        assertThat(token.find()).as("a token for the card in:%n%s", modules).isTrue();
        assertThat(token.group(1)).as("named after the holder and the PIN").startsWith("Marie Schmit (PIN) #");

        // Each certificate the token holds, "token:label", with the user's trust when NSS found its key.
        String listed = nss(config, "certutil", "-L", "-d", sql, "-h", token.group(1), "-f", pin.toString()).ok().out();
        List<String> withKeys = listed.lines().filter(l -> l.matches(".*\\bu,u,u\\s*$"))
                .map(l -> l.replaceAll("\\s+u,u,u\\s*$", "")).toList();
        assertThat(withKeys).as(listed).hasSize(2);
        String authentication = withKeys.stream().filter(n -> n.toLowerCase().contains("authentication")).findFirst()
                .orElseThrow(() -> new AssertionError("no authentication certificate in:\n" + listed));
        // The CAs the server accepts client certificates from: the card's own chain, read through NSS.
        StringBuilder cas = new StringBuilder();
        for (String ca : listed.lines().filter(l -> l.matches(".*\\s,,\\s*$|.*\\bc?,c?,c?\\s*$")).toList()) {
            String nickname = ca.replaceAll("\\s+\\S*,\\S*,\\S*\\s*$", "");
            if (!withKeys.contains(nickname)) {
                cas.append(nss(config, "certutil", "-L", "-d", sql, "-h", token.group(1), "-n", nickname, "-a", "-f", pin.toString()).ok().out());
            }
        }
        assertThat(cas.toString()).as("the card's CA chain in:%n%s", listed).contains("BEGIN CERTIFICATE");
        Path serverCas = Files.writeString(dir.resolve("cas.pem"), cas);

        try (OpensslTlsServer server = new OpensslTlsServer(dir, serverCas)) {
            ProgramRun.Result client = ProgramRun.of("setsid", "-w", "tstclnt", "-h", "localhost", "-4", "-p", "" + server.port(),
                    "-d", sql, "-n", authentication, "-W", pin.toString(), "-V", "tls1.3:tls1.3", "-A", request.toString())
                    .with(Map.of("EID4J_PKCS11_CONF", config.toString(), "XDG_CONFIG_HOME", dir.resolve("config").toString(), "LC_ALL", "C.UTF-8"))
                    .in(dir).run();
            String page = client.ok().out();
            assertThat(page).contains("HTTP/1.0 200 ok", "Protocol  : TLSv1.3", "Verify return code: 0 (ok)",
                    "Peer signature type: RSA-PSS", "Client certificate");
            // the authentication certificate (the signature certificate is nonRepudiation alone)
            assertThat(page.substring(page.indexOf("Client certificate"))).contains("Issuer: C=LU, O=eid4j TEST",
                    "Digital Signature, Key Encipherment");
        }
    }

    /** Without a CAN the module shows no token for the card and says why on stderr, whatever NSS asks. */
    @Test
    void withoutACanTheCardIsNoTokenAndTheModuleSaysWhy() throws Exception {
        Path config = Fixture.writeConfig(dir.resolve("none.conf"), home, List.of("lux"));
        String sql = database(config, "none");
        ProgramRun.Result modules = nss(config, "modutil", "-dbdir", sql, "-list", "eid4j");
        assertThat(modules.out()).contains("Slot: eid4j virtual card 'lux'").doesNotContain("Token Name");
        assertThat(modules.err()).contains("opens only with its CAN");
    }
}

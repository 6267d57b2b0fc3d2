package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NSS, the PKCS#11 consumer inside Firefox and Thunderbird: modutil adds the module to a
 * database, certutil lists the tokens' certificates and keys, cmsutil signs a CMS message with
 * the authentication key (NSS hashes, the card signs a digest: raw ECDSA or RSA PKCS#1), and
 * OpenSSL verifies the message. One card per database, as both cards' tokens share a label.
 */
class NssIT {
    @TempDir
    static Path dir;
    private static Path home;

    @BeforeAll
    static void cards() throws Exception {
        home = dir.resolve("home");
        Fixture.createCards(home, "v4", "fineid-v4", "v3", "fineid-v3");
    }

    private static Fixture.Result nss(Path conf, String... command) throws Exception {
        return Fixture.run(Map.of("EID4J_PKCS11_CONF", conf.toString()), dir, command);
    }

    private void signsCms(String card) throws Exception {
        Path conf = Fixture.writeConfig(dir.resolve(card + ".conf"), home, List.of(card));
        Path db = Files.createDirectories(dir.resolve("nss-" + card));
        String sql = "sql:" + db;
        nss(conf, "certutil", "-N", "-d", sql, "--empty-password").ok();
        nss(conf, "modutil", "-dbdir", sql, "-add", "eid4j", "-libfile", Fixture.module().toString(), "-force").ok();
        assertThat(nss(conf, "modutil", "-dbdir", sql, "-list").ok().out())
                .contains("library name: " + Fixture.module(), "slots: 2 slots attached", "token: FINEID (PIN1)", "token: FINEID (PIN2)");

        Path pin = Files.writeString(dir.resolve(card + ".pin"), "1234\n");
        assertThat(nss(conf, "certutil", "-L", "-d", sql, "-h", "FINEID (PIN1)", "-f", pin.toString()).ok().out())
                .contains("FINEID (PIN1):eid4j TEST Root CA").containsPattern("FINEID \\(PIN1\\):[^\\n]*avain[^\\n]*u,u,u");
        String keys = nss(conf, "certutil", "-K", "-d", sql, "-h", "FINEID (PIN1)", "-f", pin.toString()).ok().out();
        assertThat(keys).contains(card.equals("v4") ? "ec" : "rsa");
        String nickname = keys.lines().filter(l -> l.startsWith("<")).findFirst().orElseThrow();
        nickname = "FINEID (PIN1):" + nickname.substring(nickname.lastIndexOf('"') + 1).strip();

        // cmsutil wants the signer's chain trusted: the root, read from the token, trusted in the database.
        Path root = dir.resolve(card + "-root.der");
        Fixture.run(Map.of("EID4J_PKCS11_CONF", conf.toString()), dir, "pkcs11-tool", "--module", Fixture.module().toString(),
                "--slot", "0", "--read-object", "--type", "cert", "--label", "eid4j TEST Root CA", "-o", root.toString()).ok();
        nss(conf, "certutil", "-A", "-d", sql, "-n", "root", "-t", "CT,C,C", "-i", root.toString()).ok();
        Path data = Files.writeString(dir.resolve(card + ".txt"), "Signed through NSS\n");
        Path cms = dir.resolve(card + ".p7s");
        nss(conf, "cmsutil", "-S", "-N", nickname, "-H", "SHA256", "-d", sql, "-f", pin.toString(), "-i", data.toString(),
                "-o", cms.toString()).ok();
        Fixture.Result verified = Fixture.run(Map.of(), dir, "openssl", "cms", "-verify", "-inform", "DER", "-in", cms.toString(),
                "-CAfile", pem(root), "-purpose", "any");
        assertThat(verified.ok().all()).contains("Verification successful", "Signed through NSS");
    }

    private static String pem(Path der) throws Exception {
        Path pem = der.resolveSibling(der.getFileName() + ".pem");
        Fixture.run(Map.of(), dir, "openssl", "x509", "-inform", "DER", "-in", der.toString(), "-out", pem.toString()).ok();
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
}

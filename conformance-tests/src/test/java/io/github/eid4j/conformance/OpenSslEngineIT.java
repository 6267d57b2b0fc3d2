package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.testing.ProgramRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSL 3 with libp11's pkcs11 engine (Debian libengine-pkcs11-openssl) finds the card's keys by
 * PKCS#11 URI and signs with them; plain OpenSSL verifies each signature with the public key of
 * the certificate the module gives. The engine finds the module through PKCS11_MODULE_PATH or
 * through MODULE_PATH in an OpenSSL config file; the token PIN comes from -passin.
 *
 * <p>The signature key (PIN2 token, CKA_ALWAYS_AUTHENTICATE): libp11 0.4.12 logs in to the token
 * with the PIN it was given, and after C_SignInit it does the context-specific login itself, but
 * with a PIN it asks for again through OpenSSL's default UI ("Enter PKCS#11 key PIN for ..."): from
 * the terminal, or from standard input when the process has no terminal. It does not reuse the
 * token PIN, nor a pin-value from the URI. The tests run it under setsid, so that it never asks a
 * developer's terminal, with PIN2 on standard input.
 */
class OpenSslEngineIT {
    private static final byte[] DOCUMENT = "Allekirjoitettu OpenSSL:llä\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    private static Path home;
    private static Path document;
    private static Path pin1;
    private static Path pin2;
    private static Path wrongPin1;
    private static Path wrongPin2;

    @BeforeAll
    static void cards() throws IOException {
        home = dir.resolve("home");
        Fixture.createCards(home, "v4", "fineid-v4", "v3", "fineid-v3", "wrong", "fineid-v4");
        document = Files.write(dir.resolve("document.txt"), DOCUMENT);
        pin1 = secret("pin1", FineidVirtualCard.TEST_PIN1);
        pin2 = secret("pin2", FineidVirtualCard.TEST_PIN2);
        wrongPin1 = secret("wrong-pin1", "9999");
        wrongPin2 = secret("wrong-pin2", "999999");
    }

    /** A PIN in a file only its owner reads, one line, as -passin file: and a terminal want it. */
    private static Path secret(String name, String pin) throws IOException {
        Path file = Files.createFile(dir.resolve(name + ".txt"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, pin + "\n");
    }

    /** The authentication key on the card's PIN1 token, by the token's label (libp11 logs in only to one token). */
    private static String authenticationKey(String card) throws IOException, InterruptedException {
        return Fixture.keyUri(config(card), 0, "45");
    }

    /** The signature key on the card's PIN2 token. */
    private static String signatureKey(String card) throws IOException, InterruptedException {
        return Fixture.keyUri(config(card), 1, "46");
    }

    private static Path config(String card) throws IOException {
        return Fixture.writeConfig(dir.resolve(card + ".conf"), home, List.of(card));
    }

    /** openssl with the engine finding the module through PKCS11_MODULE_PATH, without a terminal, stdin from a file or nothing. */
    private static ProgramRun.Result openssl(String card, Path stdin, String... args) throws IOException, InterruptedException {
        return opensslWith(Map.of("PKCS11_MODULE_PATH", Fixture.module().toString()), card, stdin, args);
    }

    private static ProgramRun.Result opensslWith(Map<String, String> env, String card, Path stdin, String... args)
            throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>(env);
        environment.put("EID4J_PKCS11_CONF", config(card).toString());
        environment.put("LC_ALL", "C.UTF-8"); // the keys' labels in English
        List<String> command = new ArrayList<>(List.of("setsid", "-w", "openssl"));
        command.addAll(List.of(args));
        return ProgramRun.of(command)
                .with(environment).in(dir).input(stdin == null ? Path.of("/dev/null") : stdin).run();
    }

    /** Plain OpenSSL, no engine, no card. */
    private static ProgramRun.Result verify(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return ProgramRun.of(command).in(dir).run();
    }

    /** The public key of the certificate with this ID on a token of the card, read through the module by pkcs11-tool. */
    private static Path publicKey(String card, int slot, String id) throws IOException, InterruptedException {
        Path cert = dir.resolve(card + "-" + id + ".der");
        ProgramRun.of("pkcs11-tool", "--module", Fixture.module().toString(),
                "--slot", "" + slot, "--read-object", "--type", "cert", "--id", id, "-o", cert.toString())
                .with(Map.of("EID4J_PKCS11_CONF", config(card).toString())).in(dir).run().ok();
        Path pem = dir.resolve(card + "-" + id + ".pub.pem");
        verify("x509", "-inform", "DER", "-in", cert.toString(), "-pubkey", "-noout", "-out", pem.toString()).ok();
        return pem;
    }

    private static Path digest(String algorithm) throws Exception {
        return Files.write(dir.resolve(algorithm + ".bin"), MessageDigest.getInstance(algorithm).digest(DOCUMENT));
    }

    private static Path signature(String name) throws IOException {
        Path file = dir.resolve(name + ".sig");
        Files.deleteIfExists(file);
        return file;
    }

    @Test
    void ecdsaWithTheV4AuthenticationKey() throws Exception {
        Path key = publicKey("v4", 0, "45");
        Path digest = digest("SHA-384");
        Path raw = signature("v4-pkeyutl");
        openssl("v4", null, "pkeyutl", "-engine", "pkcs11", "-keyform", "engine", "-inkey", authenticationKey("v4"),
                "-passin", "file:" + pin1, "-sign", "-in", digest.toString(), "-out", raw.toString()).ok();
        assertThat(verify("pkeyutl", "-verify", "-pubin", "-inkey", key.toString(), "-in", digest.toString(),
                "-sigfile", raw.toString()).ok().out()).contains("Signature Verified Successfully");

        Path dgst = signature("v4-dgst");
        openssl("v4", null, "dgst", "-sha384", "-engine", "pkcs11", "-keyform", "engine", "-passin", "file:" + pin1,
                "-sign", authenticationKey("v4"), "-out", dgst.toString(), document.toString()).ok();
        assertThat(verify("dgst", "-sha384", "-verify", key.toString(), "-signature", dgst.toString(), document.toString())
                .ok().out()).contains("Verified OK");
    }

    /** The engine configured once in an OpenSSL config file, as for a server or curl, instead of the environment. */
    @Test
    void theModuleComesFromAnOpensslConfigFile() throws Exception {
        Path conf = Files.writeString(dir.resolve("openssl.cnf"), String.join("\n",
                "openssl_conf = openssl_init",
                "[openssl_init]",
                "engines = engines",
                "[engines]",
                "pkcs11 = pkcs11",
                "[pkcs11]",
                "MODULE_PATH = " + Fixture.module(),
                ""));
        Path key = publicKey("v4", 0, "45");
        Path sig = signature("v4-conf");
        opensslWith(Map.of("OPENSSL_CONF", conf.toString()), "v4", null, "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine",
                "-passin", "file:" + pin1, "-sign", authenticationKey("v4"), "-out", sig.toString(), document.toString()).ok();
        assertThat(verify("dgst", "-sha256", "-verify", key.toString(), "-signature", sig.toString(), document.toString())
                .ok().out()).contains("Verified OK");
    }

    /**
     * PKCS#1 v1.5 (CKM_RSA_PKCS with OpenSSL's DigestInfo) and PSS (CKM_RSA_PKCS_PSS) with the v3
     * card's RSA key. The card's PSS salt is as long as the digest (rsa_pss_saltlen:digest);
     * OpenSSL's default, the longest salt, gets CKR_MECHANISM_PARAM_INVALID, and libp11's fallback,
     * raw RSA (CKM_RSA_X_509) with OpenSSL's padding, is not offered: an error, not a signature.
     */
    @Test
    void rsaPkcs1AndPssWithTheV3AuthenticationKey() throws Exception {
        Path key = publicKey("v3", 0, "45");
        Path pkcs1 = signature("v3-pkcs1");
        openssl("v3", null, "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine", "-passin", "file:" + pin1,
                "-sign", authenticationKey("v3"), "-out", pkcs1.toString(), document.toString()).ok();
        assertThat(verify("dgst", "-sha256", "-verify", key.toString(), "-signature", pkcs1.toString(), document.toString())
                .ok().out()).contains("Verified OK");

        Path pss = signature("v3-pss");
        openssl("v3", null, "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine", "-passin", "file:" + pin1,
                "-sign", authenticationKey("v3"), "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest",
                "-out", pss.toString(), document.toString()).ok();
        assertThat(verify("dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32",
                "-verify", key.toString(), "-signature", pss.toString(), document.toString()).ok().out()).contains("Verified OK");

        Path longSalt = signature("v3-pss-max");
        ProgramRun.Result refused = openssl("v3", null, "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine", "-passin",
                "file:" + pin1, "-sign", authenticationKey("v3"), "-sigopt", "rsa_padding_mode:pss", "-out", longSalt.toString(),
                document.toString());
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("Error signing data", "Mechanism invalid");
        assertNoSignature(longSalt);
    }

    /** The signature key: token login from -passin, then libp11's context-specific login with PIN2 asked again (stdin). */
    @Test
    void theSignatureKeysOfBothCardsSignWithPin2AskedForEachSignature() throws Exception {
        for (String card : List.of("v4", "v3")) {
            Path key = publicKey(card, 1, "46");
            Path sig = signature(card + "-signature-key");
            ProgramRun.Result r = openssl(card, pin2, "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine",
                    "-passin", "file:" + pin2, "-sign", signatureKey(card), "-out", sig.toString(), document.toString()).ok();
            assertThat(r.err()).as(card).contains("Enter PKCS#11 key PIN for Signature");
            assertThat(verify("dgst", "-sha256", "-verify", key.toString(), "-signature", sig.toString(), document.toString())
                    .ok().out()).as(card).contains("Verified OK");
        }
    }

    /**
     * A wrong PIN is a failed command without a signature, and it reached the card: the token says
     * a try was lost until the right PIN is given. A wrong PIN2 for the context-specific login
     * shows that it is the PIN read from standard input that libp11 gives there.
     */
    @Test
    void wrongPinsFailWithoutASignature() throws Exception {
        Path sig = signature("wrong");
        ProgramRun.Result pin1Wrong = openssl("wrong", null, "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine",
                "-passin", "file:" + wrongPin1, "-sign", authenticationKey("wrong"), "-out", sig.toString(), document.toString());
        assertThat(pin1Wrong.exit()).isNotZero();
        assertThat(pin1Wrong.err()).contains("PIN incorrect");
        assertNoSignature(sig);
        assertThat(tokenFlags("wrong")).containsExactly("login required, rng, token initialized, user PIN count low, PIN initialized",
                "login required, rng, token initialized, PIN initialized");

        ProgramRun.Result pin2Wrong = openssl("wrong", wrongPin2, "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine",
                "-passin", "file:" + pin2, "-sign", signatureKey("wrong"), "-out", sig.toString(), document.toString());
        assertThat(pin2Wrong.exit()).isNotZero();
        assertThat(pin2Wrong.err()).contains("Error signing data");
        assertNoSignature(sig);
        assertThat(tokenFlags("wrong").get(1)).contains("user PIN count low");

        openssl("wrong", pin2, "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine", "-passin", "file:" + pin2,
                "-sign", signatureKey("wrong"), "-out", sig.toString(), document.toString()).ok();
        openssl("wrong", null, "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine", "-passin", "file:" + pin1,
                "-sign", authenticationKey("wrong"), "-out", signature("right").toString(), document.toString()).ok();
        assertThat(tokenFlags("wrong")).noneMatch(flags -> flags.contains("count low"));
    }

    /** openssl dgst creates its output file before it signs: no file, or an empty one. */
    private static void assertNoSignature(Path file) throws IOException {
        assertThat(Files.exists(file) ? Files.size(file) : 0).as("bytes in " + file).isZero();
    }

    /** The token flags of the card's PIN1 and PIN2 tokens, as pkcs11-tool shows them. */
    private static List<String> tokenFlags(String card) throws IOException, InterruptedException {
        String out = ProgramRun.of("pkcs11-tool", "--module",
                Fixture.module().toString(), "-L").with(Map.of("EID4J_PKCS11_CONF", config(card).toString())).in(dir).run().ok().out();
        return out.lines().filter(l -> l.strip().startsWith("token flags")).map(l -> l.substring(l.indexOf(':') + 1).strip()).toList();
    }
}

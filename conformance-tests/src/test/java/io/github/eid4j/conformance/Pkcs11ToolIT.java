package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.card.luxembourg.LuxembourgVirtualCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.InProcessConnection;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.RememberedCans;
import io.github.eid4j.testing.ProgramRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.fineid.FineidVirtualCard;

/**
 * libeid4j-pkcs11.so driven by programs nobody here wrote: OpenSC's pkcs11-tool lists, reads and
 * signs, OpenSSL checks every signature against the certificate the module gave (GnuTLS's p11tool
 * is in P11KitRemoteIT). Each run is a new process in which the module starts its own JVM; the
 * config comes through EID4J_PKCS11_CONF. Slots: 0 and 1 are the FINEID v4 card's PIN1 and PIN2
 * tokens, 2 and 3 the v3 card's.
 */
class Pkcs11ToolIT {
    private static final byte[] DOCUMENT = "Allekirjoitettava asiakirja\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    private static Path config;
    private static Path document;

    @BeforeAll
    static void cards() throws IOException {
        Path home = dir.resolve("home");
        Fixture.createCards(home, "v4", "fineid-v4", "v3", "fineid-v3", "tries", "fineid-v4", "change", "fineid-v4",
                "unlock", "fineid-v4", "unlock-pin", "fineid-v4");
        config = Fixture.writeConfig(dir.resolve("eid4j-pkcs11.conf"), home, List.of("v4", "v3"));
        Fixture.writeConfig(dir.resolve("change.conf"), home, List.of("change"));
        Fixture.writeConfig(dir.resolve("unlock.conf"), home, List.of("unlock"));
        Fixture.writeConfig(dir.resolve("unlock-pin-off.conf"), home, List.of("unlock-pin"));
        Fixture.writeConfig(dir.resolve("unlock-pin.conf"), home, List.of("unlock-pin"), "unblock.with.setpin = true");
        Fixture.writeConfig(dir.resolve("tries.conf"), home, List.of("tries"));
        document = Files.write(dir.resolve("document.txt"), DOCUMENT);
    }

    /** The test card's PINs, from the one place they are defined. */
    private static final String PIN1 = FineidVirtualCard.TEST_PIN1;
    private static final String PIN2 = FineidVirtualCard.TEST_PIN2;

    /** pkcs11-tool logged in as the user of a slot's token. */
    private static ProgramRun.Result asUser(String slot, String pin, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--slot", slot, "--login", "--pin", pin));
        all.addAll(Arrays.asList(args));
        return tool(all.toArray(String[]::new));
    }

    private static ProgramRun.Result tool(String... args) throws IOException, InterruptedException {
        return toolWith(config, Map.of(), args);
    }

    private static ProgramRun.Result toolWith(Path conf, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", Fixture.module().toString()));
        command.addAll(List.of(args));
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("EID4J_PKCS11_CONF", conf.toString());
        return ProgramRun.of(command).with(environment).in(dir).run();
    }

    private static ProgramRun.Result openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return ProgramRun.of(command).in(dir).run();
    }

    /** The certificate with this ID, read through the module, and its public key as PEM. */
    private static Path publicKey(int slot, String id) throws IOException, InterruptedException {
        Path cert = dir.resolve("cert-" + slot + "-" + id + ".der");
        tool("--slot", "" + slot, "--read-object", "--type", "cert", "--id", id, "-o", cert.toString()).ok();
        Path pem = dir.resolve("key-" + slot + "-" + id + ".pem");
        openssl("x509", "-inform", "DER", "-in", cert.toString(), "-pubkey", "-noout", "-out", pem.toString()).ok();
        return pem;
    }

    private static Path digest(String algorithm) throws Exception {
        return Files.write(dir.resolve(algorithm + ".bin"), MessageDigest.getInstance(algorithm).digest(DOCUMENT));
    }

    @Test
    void listsTwoTokensPerCard() throws Exception {
        String out = tool("-L").ok().out();
        assertThat(out).contains("Slot 0 (0x0): eid4j virtual card 'v4'", "Slot 1 (0x1): eid4j virtual card 'v4'",
                "Slot 2 (0x2): eid4j virtual card 'v3'", "Slot 3 (0x3): eid4j virtual card 'v3'");
        List<String> labels = new ArrayList<>();
        Matcher m = Pattern.compile("token label\\s+: (.*)").matcher(out);
        while (m.find()) {
            labels.add(m.group(1).strip());
        }
        assertThat(labels).hasSize(4).doesNotHaveDuplicates();
        assertThat(labels).extracting(l -> l.replaceAll(" #\\w{4}$", "")).containsExactly("Maija Meikäläinen (PIN1)",
                "Maija Meikäläinen (PIN2)", "Maija Meikäläinen (PIN1)", "Maija Meikäläinen (PIN2)");
        assertThat(out).contains("FINEID v4.0", "FINEID v3.1", "pin min/max        : 4/8", "pin min/max        : 6/8")
                .contains("login required", "token initialized", "PIN initialized");
    }

    /** The keys' IDs as whole lines: a CA certificate's ID (its key identifier, random) may begin with the same digits. */
    private static final String KEY_ID_45 = "ID:\\s+45\\n";
    private static final String KEY_ID_46 = "ID:\\s+46\\n";

    @Test
    void showsCertificatesAndPublicKeysBeforeLoginAndPrivateKeysAfter() throws Exception {
        String pin1 = tool("--slot", "0", "-O").ok().out();
        assertThat(pin1).contains("Certificate Object; type = X.509 cert", "Public Key Object; EC", "ID:         45")
                .contains("eid4j TEST Root CA").doesNotContain("Private Key Object").doesNotContainPattern(KEY_ID_46);
        String pin2 = tool("--slot", "1", "-O").ok().out();
        assertThat(pin2).contains("ID:         46").doesNotContainPattern(KEY_ID_45).doesNotContain("Root CA");
        String loggedIn = asUser("1", PIN2, "-O").ok().out();
        assertThat(loggedIn).contains("Private Key Object; EC", "never extractable", "sensitive")
                .containsPattern("Private Key Object; EC\\s+label:[^\\n]*\\n\\s+ID:\\s+46");
        String rsa = asUser("2", PIN1, "-O").ok().out();
        assertThat(rsa).contains("Public Key Object; RSA 2048 bits", "Private Key Object; RSA", "ID:         45");
    }

    @Test
    void listsTheMechanismsOfEachToken() throws Exception {
        assertThat(tool("--slot", "0", "-M").ok().out()).contains("ECDSA, keySize={384,384}, hw, sign", "ECDSA-SHA256", "ECDSA-SHA384", "ECDH1-DERIVE, keySize={384,384}, hw, derive")
                .doesNotContain("RSA");
        assertThat(tool("--slot", "2", "-M").ok().out())
                .contains("RSA-PKCS, keySize={2048,2048}, hw, decrypt, sign", "RSA-PKCS-PSS", "SHA256-RSA-PKCS", "SHA256-RSA-PKCS-PSS")
                .doesNotContain("ECDSA");
        assertThat(tool("--slot", "3", "-M").ok().out()).contains("ECDSA, keySize={256,256}");
    }

    @Test
    void ecdsaOnTheV4AuthenticationKeyVerifiesWithOpenssl() throws Exception {
        Path key = publicKey(0, "45");
        Path signature = dir.resolve("v4-auth.sig");
        asUser("0", PIN1, "--sign", "--id", "45", "-m", "ECDSA-SHA384", "-i", document.toString(),
                "-o", signature.toString(), "--signature-format", "openssl").ok();
        assertThat(openssl("dgst", "-sha384", "-verify", key.toString(), "-signature", signature.toString(), document.toString())
                .ok().out()).contains("Verified OK");

        Path digest = digest("SHA-256");
        Path raw = dir.resolve("v4-auth-raw.sig");
        asUser("0", PIN1, "--sign", "--id", "45", "-m", "ECDSA", "-i", digest.toString(),
                "-o", raw.toString(), "--signature-format", "openssl").ok();
        assertThat(openssl("pkeyutl", "-verify", "-pubin", "-inkey", key.toString(), "-in", digest.toString(), "-sigfile", raw.toString())
                .ok().out()).contains("Signature Verified Successfully");
    }

    /**
     * pkcs11-tool sees CKA_ALWAYS_AUTHENTICATE on the signature key and logs in with
     * CKU_CONTEXT_SPECIFIC after C_SignInit; OpenSC's pkcs11-spy shows the calls.
     */
    @Test
    void theSignatureKeyWantsAContextSpecificLoginForEachSignature() throws Exception {
        Path key = publicKey(1, "46");
        Path signature = dir.resolve("v4-sign.sig");
        Path log = dir.resolve("spy.log");
        Path spy = Path.of("/usr/lib/x86_64-linux-gnu/pkcs11-spy.so");
        assertThat(spy).as("OpenSC's pkcs11-spy (Debian package opensc-pkcs11)").exists();
        List<String> command = List.of("pkcs11-tool", "--module", spy.toString(), "--slot", "1", "--login", "--pin", PIN2,
                "--sign", "--id", "46", "-m", "ECDSA-SHA256", "-i", document.toString(), "-o", signature.toString(),
                "--signature-format", "openssl");
        ProgramRun.of(command)
                .with(Map.of("EID4J_PKCS11_CONF", config.toString(), "PKCS11SPY", Fixture.module().toString(),
                "PKCS11SPY_OUTPUT", log.toString())).in(dir).run().ok();
        assertThat(openssl("dgst", "-sha256", "-verify", key.toString(), "-signature", signature.toString(), document.toString())
                .ok().out()).contains("Verified OK");
        String calls = Files.readString(log, StandardCharsets.UTF_8);
        int user = calls.indexOf("userType = CKU_USER");
        int signInit = calls.indexOf("C_SignInit");
        int context = calls.indexOf("userType = CKU_CONTEXT_SPECIFIC");
        int sign = calls.indexOf(": C_Sign\n");
        assertThat(user).isPositive().isLessThan(signInit);
        assertThat(signInit).isLessThan(context);
        assertThat(context).isLessThan(sign);
        assertThat(calls.substring(context)).contains("Returned:  0 CKR_OK");
    }

    /** A context-specific login belongs to an operation (PKCS#11 §5.6): before one there is nothing to log in to. */
    @Test
    void aContextSpecificLoginOutsideAnOperationIsRefused() throws Exception {
        ProgramRun.Result r = tool("--slot", "1", "--login", "--login-type", "context-specific", "--pin", PIN2, "--sign", "--id", "46",
                "-m", "ECDSA-SHA256", "-i", document.toString(), "-o", dir.resolve("none.sig").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("C_Login failed: rv = CKR_OPERATION_NOT_INITIALIZED");
    }

    /** OpenSSL encrypts to the certificate's key; the card decrypts through C_Decrypt (CKM_RSA_PKCS). */
    @Test
    void theV3AuthenticationKeyDecryptsWhatOpensslEncrypted() throws Exception {
        Path key = publicKey(2, "45");
        byte[] secret = "Salainen viesti: 42".getBytes(StandardCharsets.UTF_8);
        Path plain = Files.write(dir.resolve("secret.txt"), secret);
        Path cryptogram = dir.resolve("secret.enc");
        openssl("pkeyutl", "-encrypt", "-pubin", "-inkey", key.toString(), "-in", plain.toString(), "-out", cryptogram.toString(),
                "-pkeyopt", "rsa_padding_mode:pkcs1").ok();
        Path decrypted = dir.resolve("secret.dec");
        asUser("2", PIN1, "--decrypt", "--id", "45", "-m", "RSA-PKCS", "-i", cryptogram.toString(),
                "-o", decrypted.toString()).ok();
        assertThat(Files.readAllBytes(decrypted)).isEqualTo(secret);
        // Its public half encrypts, as the private half decrypts.
        assertThat(asUser("2", PIN1, "-O").ok().out())
                .containsPattern("Public Key Object; RSA[^\\n]*\\n(\\s+[^\\n]*\\n)*?\\s+Usage:\\s+encrypt, verify\\n")
                .containsPattern("Private Key Object; RSA[\\s\\S]*Usage:\\s+decrypt, sign");

        // The v4 authentication key is an EC key: it cannot decrypt.
        ProgramRun.Result ec = asUser("0", PIN1, "--decrypt", "--id", "45", "-m", "RSA-PKCS",
                "-i", cryptogram.toString(), "-o", dir.resolve("none.dec").toString());
        assertThat(ec.exit()).isNotZero();
    }

    /**
     * ECDH between the card's v4 authentication key and a peer's key made by OpenSSL: pkcs11-tool's
     * derived secret (the point bare, and DER-wrapped) equals OpenSSL's from the peer's side.
     */
    @Test
    void theV4AuthenticationKeyAgreesOnTheSecretOpensslDerives() throws Exception {
        Path cardKey = publicKey(0, "45");
        Path peer = dir.resolve("peer.pem");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", peer.toString()).ok();
        Path peerPublic = dir.resolve("peer-pub.der");
        openssl("pkey", "-in", peer.toString(), "-pubout", "-outform", "DER", "-out", peerPublic.toString()).ok();
        Path expected = dir.resolve("ecdh-openssl.bin");
        openssl("pkeyutl", "-derive", "-inkey", peer.toString(), "-peerkey", cardKey.toString(), "-out", expected.toString()).ok();
        assertThat(Files.size(expected)).isEqualTo(48);
        for (String wrapping : List.of("bare", "der")) {
            Path derived = dir.resolve("ecdh-card-" + wrapping + ".bin");
            List<String> args = new ArrayList<>(List.of("--slot", "0", "--login", "--pin", PIN1, "--derive", "-m", "ECDH1-DERIVE",
                    "--id", "45", "-i", peerPublic.toString(), "-o", derived.toString()));
            if (wrapping.equals("der")) {
                args.add("--derive-pass-der");
            }
            tool(args.toArray(String[]::new)).ok();
            assertThat(Files.readAllBytes(derived)).as(wrapping).isEqualTo(Files.readAllBytes(expected));
        }
        assertThat(asUser("0", PIN1, "-O").ok().out())
                .containsPattern("Public Key Object; EC[^\\n]*\\n(\\s+[^\\n]*\\n)*?\\s+Usage:\\s+verify, derive\\n")
                .containsPattern("Private Key Object; EC[\\s\\S]*Usage:\\s+sign, derive");
    }

    @Test
    void rsaPkcs1AndPssOnTheV3AuthenticationKeyVerifyWithOpenssl() throws Exception {
        Path key = publicKey(2, "45");
        Path pkcs1 = dir.resolve("v3-pkcs1.sig");
        asUser("2", PIN1, "--sign", "--id", "45", "-m", "SHA256-RSA-PKCS", "-i", document.toString(),
                "-o", pkcs1.toString()).ok();
        assertThat(openssl("dgst", "-sha256", "-verify", key.toString(), "-signature", pkcs1.toString(), document.toString()).ok().out())
                .contains("Verified OK");

        // RSA-PKCS: the application sends the DigestInfo.
        Path digest = digest("SHA-256");
        byte[] prefix = HashAlgorithm.SHA256.digestInfoPrefix();
        byte[] info = Arrays.copyOf(prefix, prefix.length + 32);
        System.arraycopy(Files.readAllBytes(digest), 0, info, prefix.length, 32);
        Path digestInfo = Files.write(dir.resolve("digestinfo.bin"), info);
        Path raw = dir.resolve("v3-raw.sig");
        asUser("2", PIN1, "--sign", "--id", "45", "-m", "RSA-PKCS", "-i", digestInfo.toString(),
                "-o", raw.toString()).ok();
        assertThat(openssl("pkeyutl", "-verify", "-pubin", "-inkey", key.toString(), "-in", digest.toString(), "-sigfile", raw.toString(),
                "-pkeyopt", "digest:sha256").ok().out()).contains("Signature Verified Successfully");

        // RSA-PKCS-PSS: the digest, with CK_RSA_PKCS_PSS_PARAMS naming SHA-256, MGF1-SHA256 and a 32-byte salt.
        Path pss = dir.resolve("v3-pss.sig");
        asUser("2", PIN1, "--sign", "--id", "45", "-m", "RSA-PKCS-PSS", "--hash-algorithm", "SHA256",
                "--mgf", "MGF1-SHA256", "-i", digest.toString(), "-o", pss.toString()).ok();
        assertThat(openssl("pkeyutl", "-verify", "-pubin", "-inkey", key.toString(), "-in", digest.toString(), "-sigfile", pss.toString(),
                "-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "rsa_pss_saltlen:32", "-pkeyopt", "digest:sha256").ok().out())
                .contains("Signature Verified Successfully");

        Path pss384 = dir.resolve("v3-pss384.sig");
        asUser("2", PIN1, "--sign", "--id", "45", "-m", "SHA384-RSA-PKCS-PSS", "-i", document.toString(),
                "-o", pss384.toString()).ok();
        assertThat(openssl("dgst", "-sha384", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:48", "-verify",
                key.toString(), "-signature", pss384.toString(), document.toString()).ok().out()).contains("Verified OK");
    }

    @Test
    void theV3SignatureKeySignsWithEcdsa() throws Exception {
        Path key = publicKey(3, "46");
        Path signature = dir.resolve("v3-sign.sig");
        asUser("3", PIN2, "--sign", "--id", "46", "-m", "ECDSA-SHA256", "-i", document.toString(),
                "-o", signature.toString(), "--signature-format", "openssl").ok();
        assertThat(openssl("dgst", "-sha256", "-verify", key.toString(), "-signature", signature.toString(), document.toString())
                .ok().out()).contains("Verified OK");
    }

    /** pkcs11-tool's own test: random numbers and the four signature functions, single- and multi-part. */
    @Test
    void passesPkcs11ToolsTest() throws Exception {
        String out = asUser("2", PIN1, "--test").ok().all();
        assertThat(out).contains("all 4 signature functions seem to work", "RSA-PKCS: OK", "SHA256-RSA-PKCS: OK", "No errors");
    }

    /**
     * A forked child has no JVM threads and cannot start a JVM: its C_Initialize gets
     * CKR_FUNCTION_FAILED and one line on stderr, without a crash (NativeHostIT has the rest).
     */
    @Test
    void aForkedChildGetsACleanError() throws Exception {
        ProgramRun.Result r = tool("--test-fork", "-L");
        assertThat(r.all()).contains("Calling C_Initialize in forked child process")
                .contains("C_Initialize in child").contains("CKR_FUNCTION_FAILED")
                .contains("eid4j-pkcs11: this process is a fork of one that initialised the module");
        // The parent reports the child's status 1 (shifted: 256) and exits 1: no signal, no JVM crash log.
        assertThat(r.err()).contains("Child process exited with status 256");
        assertThat(r.exit()).isEqualTo(1);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
        }
    }

    /** Threads racing to C_Initialize (Firefox has done it): one starts the module, the others are told it is started. */
    @Test
    void concurrentInitializeCallsAreSerialised() throws Exception {
        ProgramRun.Result r = tool("--test-threads", "ILGISL", "--test-threads", "INGISL", "--test-threads", "ILSLGI", "-L").ok();
        String all = r.all();
        int ok = all.split("C_Initialize +returned CKR_OK", -1).length - 1 + all.split("Main C_Initialize\\(NULL\\) rv:CKR_OK", -1).length - 1;
        int already = all.split("CKR_CRYPTOKI_ALREADY_INITIALIZED", -1).length - 1;
        assertThat(ok).as(all).isEqualTo(1);
        assertThat(already).as(all).isEqualTo(3);
        assertThat(all).doesNotContain("C_GetSlotList returned CKR_CRYPTOKI_NOT_INITIALIZED").contains("Slot 3 (0x3)");
    }

    @Test
    void aWrongPinCostsATryAndTheTokenSaysSo() throws Exception {
        Path conf = dir.resolve("tries.conf");
        ProgramRun.Result wrong = toolWith(conf, Map.of(), "--slot", "0", "--login", "--pin", "9999", "-O");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("CKR_PIN_INCORRECT");
        assertThat(toolWith(conf, Map.of(), "-L").ok().out()).contains("user PIN count low");
        ProgramRun.Result tooShort = toolWith(conf, Map.of(), "--slot", "0", "--login", "--pin", "12", "-O");
        assertThat(tooShort.err()).contains("CKR_PIN_LEN_RANGE");
        toolWith(conf, Map.of(), "--slot", "0", "--login", "--pin", PIN1, "-O").ok();
        assertThat(toolWith(conf, Map.of(), "-L").ok().out()).doesNotContain("count low");
    }

    /** C_SetPIN: the card's PIN1 changes; the old PIN no longer logs in, the new one does. */
    @Test
    void changesThePin() throws Exception {
        Path conf = dir.resolve("change.conf");
        ProgramRun.Result badNew = toolWith(conf, Map.of(), "--slot", "0", "--change-pin", "--pin", PIN1, "--new-pin", "12");
        assertThat(badNew.exit()).isNotZero();
        assertThat(badNew.err()).contains("CKR_PIN_LEN_RANGE");
        ProgramRun.Result wrongOld = toolWith(conf, Map.of(), "--slot", "0", "--change-pin", "--pin", "9999", "--new-pin", "5678");
        assertThat(wrongOld.exit()).isNotZero();
        assertThat(wrongOld.err()).contains("CKR_PIN_INCORRECT");
        toolWith(conf, Map.of(), "--slot", "0", "--change-pin", "--pin", PIN1, "--new-pin", "5678").ok();
        assertThat(toolWith(conf, Map.of(), "--slot", "0", "--login", "--pin", PIN1, "-O").err()).contains("CKR_PIN_INCORRECT");
        assertThat(toolWith(conf, Map.of(), "--slot", "0", "--login", "--pin", "5678", "-O").ok().out()).contains("Private Key Object");
    }

    /** C_Login(CKU_SO) with the PUK, then C_InitPIN: a blocked PIN1 is unblocked with a new value. */
    @Test
    void thePukUnblocksThePinAsTheSoPin() throws Exception {
        Path conf = dir.resolve("unlock.conf");
        String err = "";
        for (int i = 0; i < 10 && !err.contains("CKR_PIN_LOCKED"); i++) {
            err = toolWith(conf, Map.of(), "--slot", "0", "--login", "--pin", "0000", "-O").err();
        }
        assertThat(err).contains("CKR_PIN_LOCKED");
        assertThat(toolWith(conf, Map.of(), "-L").ok().out()).contains("user PIN locked");
        toolWith(conf, Map.of(), "--slot", "0", "--init-pin", "--login", "--login-type", "so", "--so-pin", "12345678", "--new-pin", "4321").ok();
        assertThat(toolWith(conf, Map.of(), "-L").ok().out()).doesNotContain("user PIN locked");
        assertThat(toolWith(conf, Map.of(), "--slot", "0", "--login", "--pin", "4321", "-O").ok().out()).contains("Private Key Object");
    }

    /**
     * pkcs11-tool --unlock-pin calls C_SetPIN with the PUK as the old PIN in a session that is not
     * logged in. With "unblock.with.setpin = true" the module takes it as the PUK because the PIN is
     * blocked; without it (the default) C_SetPIN is a PIN change, which the blocked PIN refuses,
     * and the PUK keeps all its tries.
     */
    @Test
    void unlockPinTakesThePukForABlockedPin() throws Exception {
        Path conf = dir.resolve("unlock-pin.conf");
        for (int i = 0; i < 5; i++) {
            toolWith(conf, Map.of(), "--slot", "1", "--login", "--pin", "000000", "-O");
        }
        assertThat(toolWith(conf, Map.of(), "-L").ok().out()).contains("user PIN locked");
        String puk = FineidVirtualCard.TEST_PUK;
        Path off = dir.resolve("unlock-pin-off.conf");
        ProgramRun.Result refused = toolWith(off, Map.of(), "--slot", "1", "--unlock-pin", "--puk", puk, "--new-pin", "654321");
        assertThat(refused.err()).contains("CKR_PIN_LOCKED");
        assertThat(toolWith(off, Map.of(), "-L").ok().out()).contains("user PIN locked").doesNotContain("SO PIN count low");
        toolWith(conf, Map.of(), "--slot", "1", "--unlock-pin", "--puk", puk, "--new-pin", "654321").ok();
        ProgramRun.Result list = toolWith(conf, Map.of(), "-L").ok();
        assertThat(list.out()).doesNotContain("user PIN locked");
        assertThat(toolWith(conf, Map.of(), "--slot", "1", "--login", "--pin", "654321", "-O").ok().out()).contains("Private Key Object");
        // A PIN that is not blocked is changed, not unblocked: the old value must be the PIN.
        assertThat(toolWith(conf, Map.of(), "--slot", "1", "--unlock-pin", "--puk", "654321", "--new-pin", PIN2).ok().out())
                .contains("PIN successfully changed");
        assertThat(toolWith(conf, Map.of(), "--slot", "1", "--login", "--pin", PIN2, "-O").ok().out()).contains("Private Key Object");
    }

    /**
     * A Luxembourg eID as CTIE sends it: the token says its PIN is to be changed and C_Login with
     * the letter's PIN answers CKR_PIN_EXPIRED (the card cannot check it; no try is spent).
     * pkcs11-tool's --change-pin and NSS's modutil -changepw log in before C_SetPIN and so stop
     * there; once the PIN is changed (here through the token model, as 'eid change-pin' does),
     * the same token logs in and the signature key signs.
     */
    @Test
    void theLettersPinOfALuxembourgCardIsExpiredUntilItIsChanged() throws Exception {
        Path home = dir.resolve("lux-home");
        VirtualCards cards = new VirtualCards(home);
        Personalisation delivered = cards.create("letter", "luxembourg", false);
        String letterPin = new String(delivered.letter().get(LuxembourgVirtualCard.LETTER_PIN));
        String can = new String(delivered.letter().get(LuxembourgVirtualCard.PRINTED_CAN));
        delivered.wipe();
        // The module cannot ask for the CAN: it finds it where 'eid --remember-can' leaves it.
        new RememberedCans(dir.resolve("lux-config/eid4j/can.properties")).remember("virtual card 'letter'", can.toCharArray());
        Map<String, String> canHome = Map.of("XDG_CONFIG_HOME", dir.resolve("lux-config").toString());
        Path conf = Fixture.writeConfig(dir.resolve("letter.conf"), home, List.of("letter"));
        assertThat(toolWith(conf, canHome, "-T").ok().out()).contains("user PIN to be changed");
        ProgramRun.Result login = toolWith(conf, canHome, "--slot", "0", "--login", "--pin", letterPin, "-O");
        assertThat(login.exit()).isEqualTo(1);
        assertThat(login.err()).contains("C_Login failed: rv = CKR_PIN_EXPIRED");

        VirtualCards.OpenCard open = cards.open("letter");
        try (EidCard card = EidCards.open(
                new InProcessConnection(open.card(), false, "test card", open::close), request -> can.toCharArray())) {
            card.changePin(card.pins().get(0), request -> (request.step() == PinRequest.Step.CURRENT
                    ? letterPin : "24681357").toCharArray());
        }
        assertThat(toolWith(conf, canHome, "-T").ok().out()).doesNotContain("to be changed");
        Path signature = dir.resolve("letter.sig");
        toolWith(conf, canHome, "--slot", "0", "--login", "--pin", "24681357", "--sign", "--id", "02", "-m", "SHA256-RSA-PKCS",
                "-i", document.toString(), "-o", signature.toString()).ok();
        Path cert = dir.resolve("letter-02.der");
        toolWith(conf, canHome, "--slot", "0", "--read-object", "--type", "cert", "--id", "02", "-o", cert.toString()).ok();
        Path key = dir.resolve("letter-02.pem");
        openssl("x509", "-inform", "DER", "-in", cert.toString(), "-pubkey", "-noout", "-out", key.toString()).ok();
        assertThat(openssl("dgst", "-sha256", "-verify", key.toString(), "-signature", signature.toString(), document.toString())
                .ok().out()).contains("Verified OK");
    }

    /** The older hashes too: SHA-1 and SHA-224 with RSA (v3) and ECDSA (v4), hashed here, signed by the card. */
    @Test
    void sha1AndSha224SignaturesVerifyWithOpenssl() throws Exception {
        Path rsa = publicKey(2, "45");
        Path ec = publicKey(0, "45");
        for (String hash : List.of("SHA1", "SHA224")) {
            Path rsaSig = dir.resolve("v3-" + hash + ".sig");
            asUser("2", PIN1, "--sign", "--id", "45", "-m", hash + "-RSA-PKCS", "-i", document.toString(),
                    "-o", rsaSig.toString()).ok();
            assertThat(openssl("dgst", "-" + hash.toLowerCase(), "-verify", rsa.toString(), "-signature", rsaSig.toString(),
                    document.toString()).ok().out()).as(hash).contains("Verified OK");
            Path ecSig = dir.resolve("v4-" + hash + ".sig");
            asUser("0", PIN1, "--sign", "--id", "45", "-m", "ECDSA-" + hash, "-i", document.toString(),
                    "-o", ecSig.toString(), "--signature-format", "openssl").ok();
            assertThat(openssl("dgst", "-" + hash.toLowerCase(), "-verify", ec.toString(), "-signature", ecSig.toString(),
                    document.toString()).ok().out()).as(hash).contains("Verified OK");
        }
    }

    /** C_DigestInit/Update/Final in software, without login: the JDK's digests of the document. */
    @Test
    void hashesInSoftware() throws Exception {
        for (String[] hash : new String[][] {{"SHA-1", "SHA-1"}, {"SHA224", "SHA-224"}, {"SHA256", "SHA-256"}, {"SHA384", "SHA-384"},
            {"SHA512", "SHA-512"}}) {
            Path out = dir.resolve("hash-" + hash[0] + ".bin");
            tool("--slot", "0", "--hash", "-m", hash[0], "-i", document.toString(), "-o", out.toString()).ok();
            assertThat(Files.readAllBytes(out)).as(hash[0]).isEqualTo(Files.readAllBytes(digest(hash[1])));
        }
        assertThat(tool("--slot", "0", "-M").ok().out()).contains("SHA256, digest");
    }

    @Test
    void aJavaRuntimeThatCannotStartIsAnErrorNotACrash() throws Exception {
        Path missing = Files.writeString(dir.resolve("missing.conf"), "java.home = " + dir.resolve("no-jdk") + "\n");
        ProgramRun.Result r = toolWith(missing, Map.of(), "-L");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("eid4j-pkcs11: cannot load the Java runtime: " + dir.resolve("no-jdk/lib/server/libjvm.so"))
                .contains("CKR_GENERAL_ERROR");

        // HotSpot gives up late (and would exit the process) when its CDS archive is missing.
        Path cds = Fixture.writeConfig(dir.resolve("cds.conf"), dir.resolve("home"), List.of(),
                "jvm.option = -Xshare:on", "jvm.option = -XX:SharedArchiveFile=" + dir.resolve("none.jsa"));
        ProgramRun.Result aborted = toolWith(cds, Map.of(), "-L");
        assertThat(aborted.exit()).isEqualTo(1);
        assertThat(aborted.err()).contains("eid4j-pkcs11: the Java runtime in " + System.getProperty("java.home"))
                .contains("CKR_GENERAL_ERROR");

        Path noJars = Fixture.writeConfig(dir.resolve("nojars.conf"), dir.resolve("home"), List.of(), "jars = " + dir.resolve("home"));
        assertThat(toolWith(noJars, Map.of(), "-L").err()).contains("eid4j-pkcs11: there are no jars in").contains("CKR_GENERAL_ERROR");
    }

    /** Without java.home in the config: EID4J_JAVA_HOME, then JAVA_HOME. */
    @Test
    void theJavaHomeComesFromTheEnvironmentWhenTheConfigHasNone() throws Exception {
        Path conf = dir.resolve("no-java-home.conf");
        Files.write(conf, Files.readAllLines(config).stream().filter(l -> !l.startsWith("java.home")).toList());
        String jdk = System.getProperty("java.home");
        String bogus = dir.resolve("no-jdk").toString();
        assertThat(toolWith(conf, Map.of("EID4J_JAVA_HOME", jdk, "JAVA_HOME", bogus), "-L").ok().out()).contains("(PIN1) #");
        assertThat(toolWith(conf, Map.of("JAVA_HOME", jdk), "-L").ok().out()).contains("(PIN1) #");
        ProgramRun.Result wrong = toolWith(conf, Map.of("EID4J_JAVA_HOME", bogus, "JAVA_HOME", jdk), "-L");
        assertThat(wrong.err()).contains("cannot load the Java runtime: " + bogus + "/lib/server/libjvm.so");
        ProgramRun.Result none = toolWith(conf, Map.of(), "-L");
        assertThat(none.err()).contains("eid4j-pkcs11: no Java runtime is configured: set java.home in " + conf.toRealPath()
                + ", or EID4J_JAVA_HOME or JAVA_HOME");
    }

    @Test
    void aConfiguredCardThatIsMissingIsAnEmptySlotAndOneLine() throws Exception {
        Path conf = Fixture.writeConfig(dir.resolve("ghost.conf"), dir.resolve("home"), List.of("v4", "ghost"));
        ProgramRun.Result r = toolWith(conf, Map.of(), "-L").ok();
        assertThat(r.out()).contains("Slot 2 (0x2): eid4j virtual card 'ghost'", "(empty)");
        assertThat(r.err()).contains("eid4j-pkcs11: virtual card 'ghost' is not available: There is no virtual card named 'ghost'");
    }

    @Test
    void generatesRandomBytes() throws Exception {
        Path a = dir.resolve("random-a.bin");
        Path b = dir.resolve("random-b.bin");
        tool("--slot", "0", "--generate-random", "64", "-o", a.toString()).ok();
        tool("--slot", "0", "--generate-random", "64", "-o", b.toString()).ok();
        assertThat(Files.readAllBytes(a)).hasSize(64).isNotEqualTo(Files.readAllBytes(b));
    }
}

package io.github.eid4j.conformance;

import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A SoftHSM2 token made for the bridge's tests, with SoftHSM's own tool and OpenSC's pkcs11-tool:
 * an RSA authentication key that signs and decrypts, an EC non-repudiation key with
 * CKA_ALWAYS_AUTHENTICATE, an EC key that agrees keys, their certificates and the CA's. Its
 * configuration and token folder are private to the build (target/softhsm): the failsafe JVM has
 * SOFTHSM2_CONF pointing there, and programs started by the tests are given it.
 */
final class SoftHsmToken {
    static final String PIN = "123456";
    static final String SO_PIN = "12345678";
    static final String LABEL = "eid4j-bridge";
    static final Path FOLDER = Path.of(System.getProperty("eid4j.softhsm.dir", "target/softhsm")).toAbsolutePath();
    static final Path CONFIG = FOLDER.resolve("softhsm2.conf");

    private SoftHsmToken() {
    }

    /** libsofthsm2.so as Debian installs it; a missing one fails the test, naming the package. */
    static String module() {
        Path module = Path.of("/usr/lib/softhsm/libsofthsm2.so");
        if (!Files.isRegularFile(module)) {
            throw new AssertionError("SoftHSM2's module " + module + " is missing; install the Debian package softhsm2.");
        }
        return module.toString();
    }

    static Map<String, String> environment() {
        return Map.of("SOFTHSM2_CONF", CONFIG.toString());
    }

    /** A fresh token: the folder emptied, the token initialised, the keys and certificates written. */
    static void create() throws Exception {
        if (!CONFIG.toString().equals(System.getenv("SOFTHSM2_CONF"))) {
            throw new AssertionError("This JVM must run with SOFTHSM2_CONF=" + CONFIG + " (conformance-tests' failsafe configuration).");
        }
        Path tokens = FOLDER.resolve("tokens");
        if (Files.exists(FOLDER)) {
            try (var walk = Files.walk(FOLDER)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(CONFIG, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        // pkcs11-tool, not softhsm2-util, which would take ProgramRun's "env:" form of a PIN as the PIN itself.
        run(Programs.find("pkcs11-tool"), "--module", module(), "--slot-index", "0", "--init-token", "--label", LABEL, "--so-pin", SO_PIN);
        run(Programs.find("pkcs11-tool"), "--module", module(), "--token-label", LABEL, "--login", "--login-type", "so", "--so-pin", SO_PIN,
                "--init-pin", "--new-pin", PIN);

        KeyPair ca = generate("RSA");
        X509Certificate caCertificate = certificate("CN=eid4j bridge TEST CA", ca, ca.getPublic(), -1, true);
        KeyPair rsa = generate("RSA");
        KeyPair signature = generate("EC");
        KeyPair agreement = generate("EC");
        write("01", "authentication", rsa.getPrivate(), certificate("CN=Bridge Test Authentication", ca, rsa.getPublic(),
                KeyUsage.digitalSignature | KeyUsage.keyEncipherment, false), "--usage-sign", "--usage-decrypt");
        write("02", "signature", signature.getPrivate(), certificate("CN=Bridge Test Signature", ca, signature.getPublic(),
                KeyUsage.nonRepudiation, false), "--usage-sign", "--always-auth");
        write("03", "key agreement", agreement.getPrivate(), certificate("CN=Bridge Test Key Agreement", ca, agreement.getPublic(),
                KeyUsage.digitalSignature | KeyUsage.keyAgreement, false), "--usage-sign", "--usage-derive");
        Path caFile = FOLDER.resolve("ca.der");
        Files.write(caFile, caCertificate.getEncoded());
        pkcs11Tool("--write-object", caFile.toString(), "--type", "cert", "--id", "10", "--label", "TEST CA");
    }

    private static void write(String id, String label, PrivateKey key, X509Certificate certificate, String... usage) throws Exception {
        Path keyFile = FOLDER.resolve(id + ".key.der");
        Path certificateFile = FOLDER.resolve(id + ".der");
        Files.write(keyFile, key.getEncoded());
        Files.write(certificateFile, certificate.getEncoded());
        List<String> command = new java.util.ArrayList<>(List.of("--write-object", keyFile.toString(), "--type", "privkey", "--id", id,
                "--label", label));
        command.addAll(List.of(usage));
        pkcs11Tool(command.toArray(new String[0]));
        pkcs11Tool("--write-object", certificateFile.toString(), "--type", "cert", "--id", id, "--label", label);
        Files.delete(keyFile);
    }

    private static void pkcs11Tool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Programs.find("pkcs11-tool"), "--module", module(), "--token-label", LABEL,
                "--login", "--pin", PIN));
        command.addAll(List.of(arguments));
        run(command.toArray(new String[0]));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        ProgramRun.of(command).with(environment()).within(Duration.ofSeconds(60)).run().ok();
    }

    private static KeyPair generate(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair issuer, java.security.PublicKey key, int usage,
            boolean ca) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=eid4j bridge TEST CA"),
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(subject.hashCode() & 0xFFFF)), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(30))), new X500Name(subject), key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : usage));
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
    }
}

package io.github.eid4j.bench;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes what the PKCS#11 benchmarks need in the bench folder, before any fork starts: the
 * virtual cards, a libeid4j-pkcs11.so config per card, SoftHSM2 tokens holding the cards' key
 * material, and OpenSC's config; and serves the reader card to the private pcscd while they run.
 */
final class ModuleFixtures {
    /** SoftHSM2 wants an SO PIN; nothing here logs in as SO. */
    private static final String SOFTHSM_SO_PIN = "87654321";

    private final BenchHome home;

    ModuleFixtures(BenchHome home) {
        this.home = home;
    }

    /** The activated virtual cards of the JCA and PKCS#11 benchmarks, and the reader card. */
    void createCards() throws IOException {
        VirtualCards cards = home.cards();
        for (BenchKey key : BenchKey.values()) {
            create(cards, key.card(), key.profile());
        }
        create(cards, Pkcs11Module.READER_CARD, "fineid-v4");
    }

    private static void create(VirtualCards cards, String name, String profile) throws IOException {
        if (!Files.isDirectory(cards.folder(name))) {
            cards.create(name, profile, true).wipe();
        }
    }

    /**
     * The shipped config (dist/eid4j-pkcs11.conf: the build's JDK, the JVM options) showing one
     * virtual card and no readers, so that no pcscd of the machine is asked; the C2 variant drops
     * the option that stops the JIT at C1. And the shipped config showing only the readers, for
     * the reader card through the private pcscd.
     */
    void writeEid4jConfigs() throws IOException {
        for (BenchKey key : BenchKey.values()) {
            for (boolean c2 : new boolean[] {false, true}) {
                writeEid4jConfig(home.eid4jConfig(key.card(), c2), c2, "readers = false", "virtual.card = " + key.card());
            }
        }
        writeEid4jConfig(home.eid4jReaderConfig(), false, "readers = true");
    }

    private void writeEid4jConfig(Path config, boolean c2, String... extraLines) throws IOException {
        Path dist = home.dist();
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dist.resolve("eid4j-pkcs11.conf"), StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("jars") || c2 && trimmed.contains("TieredStopAtLevel")) {
                continue;
            }
            lines.add(line);
        }
        lines.add("jars = " + dist.resolve("lib"));
        lines.add("eid4j.home = " + home.folder());
        lines.addAll(List.of(extraLines));
        Files.createDirectories(config.getParent());
        Files.write(config, lines, StandardCharsets.UTF_8);
    }

    /**
     * A SoftHSM2 token per card, labelled with the card's name, holding the card's authentication
     * key (its PKCS#8 file) and certificate with the same CKA_ID, and the card's PIN1 as user PIN.
     */
    void createSofthsmTokens() throws IOException, InterruptedException, GeneralSecurityException {
        Path config = home.softhsmConfig();
        Path tokens = config.resolveSibling("tokens");
        Files.createDirectories(tokens);
        Files.writeString(config, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n",
                StandardCharsets.UTF_8);
        for (BenchKey key : BenchKey.values()) {
            softhsm2Util("--init-token", "--free", "--label", key.card(), "--so-pin", SOFTHSM_SO_PIN, "--pin", BenchKey.PIN);
            Path pem = config.resolveSibling("import.pem");
            Files.createFile(pem, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                byte[] pkcs8 = Files.readAllBytes(home.cardFolder(key.card()).resolve("keys").resolve(BenchKey.KEY_FILE + ".p8"));
                Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
                        + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
                softhsm2Util("--import", pem.toString(), "--token", key.card(), "--label", "authentication", "--id", BenchKey.ID,
                        "--pin", BenchKey.PIN);
            } finally {
                Files.delete(pem);
            }
            copyCertificate(key);
        }
    }

    /** The card's certificate of the key, read through libeid4j-pkcs11.so, into the key's SoftHSM2 token. */
    private void copyCertificate(BenchKey key) throws IOException, GeneralSecurityException {
        byte[] der;
        try (ModuleHost card = loggedIn(Pkcs11Module.EID4J, key)) {
            der = card.certificate();
            card.finish();
        }
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        try (ModuleHost softhsm = loggedIn(Pkcs11Module.SOFTHSM2, key)) {
            softhsm.addCertificate(certificate.getSubjectX500Principal().getEncoded(), der);
            softhsm.finish();
        }
    }

    private ModuleHost loggedIn(Pkcs11Module module, BenchKey key) throws IOException {
        ModuleHost host = ModuleHost.start(home.host(), module.environment(home, key));
        host.load(module.library(home));
        host.open(module.tokenLabel(key));
        host.login(BenchKey.ID, BenchKey.pin());
        return host;
    }

    private void softhsm2Util(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("softhsm2-util"));
        command.addAll(List.of(arguments));
        Path output = home.softhsmConfig().resolveSibling("softhsm2-util.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("SOFTHSM2_CONF", home.softhsmConfig().toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("softhsm2-util cannot be started: install the Debian package softhsm2 (./bench does as root).", e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            // Its output names the token and the step, never the PINs (they are only in its arguments).
            throw new IOException("softhsm2-util " + arguments[0] + " failed: " + Files.readString(output).strip());
        }
    }

    /**
     * OpenSC binds the FINEID card only with its generic PKCS#15 driver (README: OpenSC and the
     * virtual FINEID card); the second config also keeps the card's public files between starts,
     * in the bench folder (its file cache, off as Debian ships OpenSC).
     */
    void writeOpenscConfig() throws IOException {
        Path config = home.openscConfig(false);
        Files.createDirectories(config.getParent());
        Files.writeString(config, "app default {\n    enable_default_driver = true;\n}\n", StandardCharsets.UTF_8);
        Files.writeString(home.openscConfig(true), "app default {\n    enable_default_driver = true;\n    framework pkcs15 {\n"
                + "        use_file_caching = public;\n        file_cache_dir = " + home.openscCache() + ";\n    }\n}\n",
                StandardCharsets.UTF_8);
    }

    /**
     * Inserts the reader card into the private pcscd's vpcd reader, served from this JVM (not a JMH
     * fork, which would serve it only during its own trial); closing removes it.
     */
    AutoCloseable serveReaderCard() throws IOException, InterruptedException {
        VirtualCards.OpenCard card = home.cards().open(Pkcs11Module.READER_CARD);
        VpcdBridge bridge = VpcdBridge.start(card.card(), home.vpcdPort());
        if (!bridge.awaitConnected(Duration.ofSeconds(10))) {
            bridge.close();
            card.close();
            throw new IOException("The private pcscd's vpcd reader at 127.0.0.1:" + home.vpcdPort() + " did not take the card within 10 s.");
        }
        return () -> {
            bridge.close();
            card.close();
        };
    }
}

package io.github.eid4j.card.pki;

import io.github.eid4j.apdu.emulator.DurableFiles;
import io.github.eid4j.card.KeyPurpose;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The test PKI of an eid4j home, kept in {@code <home>/pki/} beside the virtual cards, so that its
 * CAs can answer for what they issued: one folder per {@link TestIssuer} with the root and issuing
 * CA certificates, the issuing CA's private key ({@code ca.key}, PKCS#8), a copy of every
 * certificate it issued ({@code issued/<serial>.crt}) and the state of those that are not good
 * ({@code status.properties}); {@code cards.properties} says which certificate each virtual card
 * carries. The certificates name their CRL, CA certificate and OCSP responder at
 * {@code http://127.0.0.1:<port>/<issuer>/...}, where {@link StatusResponder} answers. The port is
 * fixed when the folder is made, since it is written into every certificate: {@link #DEFAULT_PORT},
 * or {@value #PORT_VARIABLE}, or the one a test gives.
 *
 * <p>The folder holds CA keys: it is readable by its owner only, as the cards' folders are.
 * Status changes are locked against other programs ({@code lock}) and written atomically; the
 * responder reads them at each request, so a change made by another program is answered at once.
 */
public final class TestPkiHome {
    /** The port the test PKI answers on unless {@value #PORT_VARIABLE} said otherwise when it was made. */
    public static final int DEFAULT_PORT = 28080;
    /** The environment variable that chooses the port of a home's test PKI when it is made. */
    public static final String PORT_VARIABLE = "EID4J_PKI_PORT";

    private static final String SETTINGS = "pki.properties";
    private static final String CARDS = "cards.properties";
    private static final String STATUS = "status.properties";
    private static final String ROOT = "root.crt";
    private static final String KEY = "ca.key";
    private static final String ISSUED = "issued";
    /** One lock per JVM too: a FileLock is held by the process, so two threads of one program would not exclude each other. */
    private static final Object JVM_LOCK = new Object();

    private final Path folder;
    private final int port;
    private final Clock clock;

    private TestPkiHome(Path folder, int port, Clock clock) {
        this.folder = folder;
        this.port = port;
        this.clock = clock;
    }

    /** The test PKI of {@code eid4jHome} ({@link io.github.eid4j.apdu.emulator.VirtualCards#defaultHome()}), with the port it was made with. */
    public static TestPkiHome of(Path eid4jHome) {
        Path folder = eid4jHome.resolve("pki");
        return new TestPkiHome(folder, keptPort(folder).orElseGet(TestPkiHome::configuredPort), Clock.systemUTC());
    }

    /**
     * The test PKI of {@code eid4jHome} on {@code port} (tests: a free port): a new one is made
     * with that port at once, so that the cards made later in that home name it.
     *
     * @throws IllegalStateException if it was made with another port
     */
    public static TestPkiHome of(Path eid4jHome, int port) {
        Path folder = eid4jHome.resolve("pki");
        Optional<Integer> kept = keptPort(folder);
        if (kept.isPresent() && kept.get() != port) {
            throw new IllegalStateException("The test PKI in " + folder + " answers on port " + kept.get()
                    + ", written in its certificates; it cannot move to " + port + ".");
        }
        TestPkiHome pki = new TestPkiHome(folder, checkPort(port, "The port"), Clock.systemUTC());
        pki.locked(() -> null);
        return pki;
    }

    /**
     * A new test PKI in {@code eid4jHome} on {@code port} (tests: a free one), in place of the one
     * kept there, whose CAs are forgotten: the cards made before it carry certificates nobody
     * answers for.
     */
    public static TestPkiHome anew(Path eid4jHome, int port) {
        Path folder = eid4jHome.resolve("pki");
        synchronized (JVM_LOCK) {
            if (Files.exists(folder)) {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("The test PKI in " + folder + " could not be deleted: " + e.getMessage(), e);
                }
            }
            return of(eid4jHome, port);
        }
    }

    public int port() {
        return port;
    }

    public Path folder() {
        return folder;
    }

    /** {@code http://127.0.0.1:<port>}: the responder's address. */
    public String address() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the certificates of {@code issuer} say their CRL, CA certificate and OCSP responder are. */
    public IssuerLocations locations(TestIssuer issuer) {
        return IssuerLocations.under(address() + "/" + issuer.id());
    }

    /** The PKI of {@code issuer}, made and kept here on first use. */
    public TestPki pki(TestIssuer issuer, SecureRandom random) {
        return locked(() -> {
            Path caFolder = folder.resolve(issuer.id());
            IssuerShape shape = issuer.shape();
            if (!Files.isRegularFile(caFolder.resolve(KEY))) {
                CertificateAuthority[] made = TestPki.newAuthorities(shape, random, clock);
                DurableFiles.createPrivateDirectories(caFolder.resolve(ISSUED));
                DurableFiles.writeAtomically(caFolder.resolve(ROOT), TestPki.der(made[0].certificate()));
                DurableFiles.writeAtomically(caFolder.resolve(IssuerLocations.CA_CERTIFICATE), TestPki.der(made[1].certificate()));
                DurableFiles.writeAtomically(caFolder.resolve(KEY), made[1].privateKey().getEncoded());
            }
            return TestPki.served(shape, kept(caFolder.resolve(ROOT), shape.rootKey(), null, random),
                    kept(caFolder.resolve(IssuerLocations.CA_CERTIFICATE), shape.issuingKey(), caFolder.resolve(KEY), random),
                    locations(issuer), random);
        });
    }

    /** Notes that the card {@code card} carries {@code certificate} for {@code purpose}, issued by {@code issuer} here. */
    public void recordIssued(TestIssuer issuer, String card, KeyPurpose purpose, X509Certificate certificate) {
        locked(() -> {
            Path caFolder = folder.resolve(issuer.id());
            DurableFiles.writeAtomically(caFolder.resolve(ISSUED).resolve(serialText(certificate.getSerialNumber()) + ".crt"),
                    TestPki.der(certificate));
            Properties cards = read(folder.resolve(CARDS));
            cards.setProperty(cardKey(card, purpose), issuer.id() + " " + serialText(certificate.getSerialNumber()));
            write(folder.resolve(CARDS), cards);
            return null;
        });
    }

    /**
     * The certificate this PKI issued for the key of {@code card} with {@code purpose}.
     *
     * @throws IllegalArgumentException if none was, in one sentence
     */
    public X509Certificate certificate(String card, KeyPurpose purpose) {
        String entry = read(folder.resolve(CARDS)).getProperty(cardKey(card, purpose));
        if (entry == null) {
            throw new IllegalArgumentException("The test PKI in " + folder + " issued no " + purpose.name().toLowerCase(Locale.ROOT)
                    + " certificate for a card '" + card + "' (a card made before eid4j kept its test CAs has certificates nobody answers for; make it anew).");
        }
        String[] parts = entry.split(" ");
        return issued(TestIssuer.byId(parts[0]).orElseThrow(), new BigInteger(parts[1], 16))
                .orElseThrow(() -> new IllegalStateException("The test PKI in " + folder + " lost its copy of certificate " + parts[1] + "."));
    }

    /** The root certificates of the issuers made so far: the trust anchors of the certificates of this home's cards. */
    public List<X509Certificate> rootCertificates() {
        List<X509Certificate> roots = new ArrayList<>();
        for (TestIssuer issuer : TestIssuer.values()) {
            Path root = folder.resolve(issuer.id()).resolve(ROOT);
            if (Files.isRegularFile(root)) {
                roots.add(certificate(root));
            }
        }
        return roots;
    }

    /**
     * The issuing and root CA certificates of the issuers made so far: what a relying party trusts
     * this home's cards by when a client sends its own certificate alone (as OpenSSL does).
     */
    public List<X509Certificate> caCertificates() {
        List<X509Certificate> cas = new ArrayList<>();
        for (TestIssuer issuer : TestIssuer.values()) {
            for (String file : List.of(IssuerLocations.CA_CERTIFICATE, ROOT)) {
                Path path = folder.resolve(issuer.id()).resolve(file);
                if (Files.isRegularFile(path)) {
                    cas.add(certificate(path));
                }
            }
        }
        return cas;
    }

    /** What the issuing CA says of {@code certificate}: the answer of its OCSP responder and CRL. */
    public CertificateState state(X509Certificate certificate) {
        return states(issuerOf(certificate)).getOrDefault(certificate.getSerialNumber(), CertificateState.good());
    }

    /**
     * Suspends {@code certificate} (certificateHold, from now on).
     *
     * @throws IllegalStateException if it is suspended or revoked already
     */
    public CertificateState suspend(X509Certificate certificate) {
        return change(certificate, current -> {
            if (current.kind() != CertificateState.Kind.GOOD) {
                throw new IllegalStateException(describe(certificate) + " is " + current.kind().name().toLowerCase(Locale.ROOT)
                        + " already, since " + current.since() + ".");
            }
            return CertificateState.suspended(now());
        });
    }

    /**
     * Reactivates a suspended certificate: it leaves the CRL and OCSP answers good again.
     *
     * @throws IllegalStateException if it is revoked (revocation is final) or not suspended
     */
    public CertificateState reactivate(X509Certificate certificate) {
        return change(certificate, current -> {
            if (current.kind() == CertificateState.Kind.REVOKED) {
                throw new IllegalStateException(describe(certificate) + " is revoked, and revocation is final: it cannot be reactivated.");
            }
            if (current.kind() == CertificateState.Kind.GOOD) {
                throw new IllegalStateException(describe(certificate) + " is not suspended; there is nothing to reactivate.");
            }
            return CertificateState.good();
        });
    }

    /**
     * Revokes {@code certificate} for good, from now on (a suspended one too).
     *
     * @throws IllegalStateException if it is revoked already
     */
    public CertificateState revoke(X509Certificate certificate, CRLReason reason) {
        CertificateState revoked = CertificateState.revoked(now(), reason);
        return change(certificate, current -> {
            if (current.kind() == CertificateState.Kind.REVOKED) {
                throw new IllegalStateException(describe(certificate) + " is revoked already, since " + current.since() + ".");
            }
            return revoked;
        });
    }

    /** The issuing CA of {@code issuer} as kept here, if it has been made. */
    Optional<CertificateAuthority> issuingAuthority(TestIssuer issuer) {
        Path caFolder = folder.resolve(issuer.id());
        if (!Files.isRegularFile(caFolder.resolve(KEY))) {
            return Optional.empty();
        }
        return Optional.of(kept(caFolder.resolve(IssuerLocations.CA_CERTIFICATE), issuer.shape().issuingKey(),
                caFolder.resolve(KEY), new SecureRandom()));
    }

    /** The certificate with {@code serial} that {@code issuer} issued here, if any. */
    Optional<X509Certificate> issued(TestIssuer issuer, BigInteger serial) {
        Path file = folder.resolve(issuer.id()).resolve(ISSUED).resolve(serialText(serial) + ".crt");
        return Files.isRegularFile(file) ? Optional.of(certificate(file)) : Optional.empty();
    }

    /** The certificates of {@code issuer} that are not good, by serial number. */
    Map<BigInteger, CertificateState> states(TestIssuer issuer) {
        Map<BigInteger, CertificateState> states = new TreeMap<>();
        read(folder.resolve(issuer.id()).resolve(STATUS)).forEach((serial, value) ->
                states.put(new BigInteger((String) serial, 16), parseState((String) value)));
        return states;
    }

    Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private interface Change {
        CertificateState apply(CertificateState current);
    }

    private CertificateState change(X509Certificate certificate, Change change) {
        TestIssuer issuer = issuerOf(certificate);
        return locked(() -> {
            Path file = folder.resolve(issuer.id()).resolve(STATUS);
            Properties states = read(file);
            String serial = serialText(certificate.getSerialNumber());
            String current = states.getProperty(serial);
            CertificateState next = change.apply(current == null ? CertificateState.good() : parseState(current));
            if (next.kind() == CertificateState.Kind.GOOD) {
                states.remove(serial);
            } else {
                states.setProperty(serial, formatState(next));
            }
            write(file, states);
            return next;
        });
    }

    private TestIssuer issuerOf(X509Certificate certificate) {
        for (TestIssuer issuer : TestIssuer.values()) {
            if (issued(issuer, certificate.getSerialNumber()).filter(certificate::equals).isPresent()) {
                return issuer;
            }
        }
        throw new IllegalArgumentException(describe(certificate) + " was not issued by the test PKI in " + folder + ".");
    }

    private static String describe(X509Certificate certificate) {
        // The common name alone: the whole name prints its other attributes as hex.
        RDN[] names = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        String holder = names.length == 0 ? certificate.getSubjectX500Principal().getName()
                : IETFUtils.valueToString(names[0].getFirst().getValue());
        return "The certificate of " + holder + " (serial " + serialText(certificate.getSerialNumber()) + ")";
    }

    private static String formatState(CertificateState state) {
        return state.kind().name().toLowerCase(Locale.ROOT) + " " + state.since() + " " + state.reason().name();
    }

    private static CertificateState parseState(String value) {
        String[] parts = value.trim().split(" ");
        Instant since = Instant.parse(parts[1]);
        return "suspended".equals(parts[0]) ? CertificateState.suspended(since)
                : CertificateState.revoked(since, CRLReason.valueOf(parts[2]));
    }

    static String serialText(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }

    private static String cardKey(String card, KeyPurpose purpose) {
        return card + "." + purpose.name().toLowerCase(Locale.ROOT);
    }

    private static CertificateAuthority kept(Path certificateFile, CaKey keyType, Path keyFile, SecureRandom random) {
        X509Certificate certificate = certificate(certificateFile);
        PrivateKey key = null;
        if (keyFile != null) {
            try {
                key = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
                        .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(keyFile)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(keyFile + " is not a private key: " + e.getMessage(), e);
            }
        }
        return CertificateAuthority.kept(certificate, keyType, key, random);
    }

    private static X509Certificate certificate(Path file) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException(file + " is not a certificate: " + e.getMessage(), e);
        }
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try {
                properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }

    private static void write(Path file, Properties properties) throws IOException {
        StringWriter text = new StringWriter();
        properties.store(text, null);
        DurableFiles.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    private <T> T locked(Locked<T> action) {
        synchronized (JVM_LOCK) {
            try {
                DurableFiles.createPrivateDirectories(folder);
                Path settings = folder.resolve(SETTINGS);
                try (FileChannel channel = FileChannel.open(folder.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = channel.lock()) {
                    if (!Files.exists(settings)) {
                        Properties written = new Properties();
                        written.setProperty("port", Integer.toString(port));
                        write(settings, written);
                    }
                    return action.run();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("The test PKI in " + folder + " could not be used: " + e.getMessage(), e);
            }
        }
    }

    private static Optional<Integer> keptPort(Path folder) {
        String kept = read(folder.resolve(SETTINGS)).getProperty("port");
        return kept == null ? Optional.empty() : Optional.of(checkPort(parsePort(kept, folder.resolve(SETTINGS) + "'s port"),
                folder.resolve(SETTINGS) + "'s port"));
    }

    private static int configuredPort() {
        String variable = System.getenv(PORT_VARIABLE);
        if (variable == null || variable.isBlank()) {
            return DEFAULT_PORT;
        }
        return checkPort(parsePort(variable.trim(), PORT_VARIABLE), PORT_VARIABLE);
    }

    private static int parsePort(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is '" + text + "', not a port number.");
        }
    }

    private static int checkPort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " is " + port + ", not a TCP port (1 to 65535).");
        }
        return port;
    }
}

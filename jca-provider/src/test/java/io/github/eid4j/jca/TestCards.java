package io.github.eid4j.jca;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.luxembourg.LuxembourgVirtualCard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Activated virtual FINEID cards for the tests (PIN1 1234, PIN2 123456), and the Luxembourg eID (PIN 123456). Personalising makes
 * RSA and EC keys and a test PKI, so each kind is personalised once per test run, as a template
 * folder, and every test gets a fresh copy of it: same keys and serial, its own PIN counters.
 * A second template per generation is another card (another serial and keys).
 */
public final class TestCards {
    public static final String PIN1 = "1234";
    public static final String PIN2 = "123456";
    public static final String V3 = "fineid-v3";
    public static final String V4 = "fineid-v4";
    /** The Luxembourg eID, activated: one PIN for both keys. */
    public static final String LUXEMBOURG = "luxembourg";
    public static final String LUXEMBOURG_PIN = LuxembourgVirtualCard.TEST_PIN;
    public static final String LUXEMBOURG_CAN = LuxembourgVirtualCard.TEST_CAN;

    /** What a fresh copy's user is first asked for, to use the key with that purpose. */
    public static String firstPrompt(String profile, KeyPurpose purpose) {
        if (profile.equals(LUXEMBOURG)) {
            return "PIN (authentication and signature), 3 tries left";
        }
        return purpose == KeyPurpose.SIGNATURE ? "PIN2 (signature), 5 tries left" : "PIN1 (authentication), 5 tries left";
    }

    private static final Map<String, Path> TEMPLATES = new ConcurrentHashMap<>();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Path TEMPLATE_HOME = templateHome();

    private TestCards() {
    }

    private static Path templateHome() {
        try {
            Path home = Files.createTempDirectory("eid4j-card-templates");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(home)));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The home whose cards "virtual=&lt;name&gt;" finds in this JVM: Maven's surefire sets
     * EID4J_HOME to target/eid4j-home, so the tests never touch ~/.eid4j.
     */
    static Path home() {
        String home = System.getenv("EID4J_HOME");
        if (home == null || home.isBlank()) {
            throw new AssertionError("EID4J_HOME is not set: run the tests with Maven, which sets it to jca-provider/target/eid4j-home.");
        }
        return Path.of(home);
    }

    /** A fresh copy of the profile's card in {@link #home()}; returns its name. */
    public static String copy(String profile) {
        return copy(profile, home());
    }

    /** A fresh copy of the other card of that profile (another serial and other keys). */
    static String copyOfOther(String profile) {
        return copyTo(template(profile + "#other", profile), home(), name(profile));
    }

    public static String copy(String profile, Path home) {
        return copyTo(template(profile, profile), home, name(profile));
    }

    /** Copies a template card into {@code home} under {@code name}, replacing a card of that name. */
    static String copyTo(Path template, Path home, String name) {
        Path target = home.resolve("cards").resolve(name);
        try {
            deleteTree(target);
            Files.createDirectories(target);
            try (Stream<Path> files = Files.walk(template)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path to = target.resolve(template.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else if (!p.getFileName().toString().equals("lock")) {
                        Files.copy(p, to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    /** The template folder of a card kind ("fineid-v4", or "fineid-v4#other"). */
    static Path template(String kind, String profile) {
        return TEMPLATES.computeIfAbsent(kind, k -> {
            String name = k.replace('#', '-');
            try {
                new VirtualCards(TEMPLATE_HOME).create(name, profile, true).wipe();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return TEMPLATE_HOME.resolve("cards").resolve(name);
        });
    }

    private static String name(String profile) {
        return profile + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    public static void delete(String name) {
        deleteTree(home().resolve("cards").resolve(name));
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

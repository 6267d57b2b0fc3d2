package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.testing.ProgramRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the integration tests of the module share, here and in conformance-tests: the built module
 * (target/dist, from the failsafe property eid4j.pkcs11.dist), virtual cards in a home of their
 * own, and config files. Programs run through {@code io.github.eid4j.testing.ProgramRun}.
 */
public final class Fixture {
    private Fixture() {
    }

    public static Path dist() {
        String dist = System.getProperty("eid4j.pkcs11.dist");
        assertThat(dist).as("system property eid4j.pkcs11.dist (set by failsafe)").isNotNull();
        Path path = Path.of(dist).toAbsolutePath().normalize(); // conformance-tests gives it as ../pkcs11-shim/target/dist
        assertThat(path.resolve("libeid4j-pkcs11.so")).as("the built module; run 'mvn package' first").exists();
        return path;
    }

    public static Path module() {
        return dist().resolve("libeid4j-pkcs11.so");
    }

    /**
     * Activated virtual cards "v4" and "v3" in {@code dir/home}, and a module config naming both
     * ({@code dir/eid4j-pkcs11.conf}), as most client tests use them.
     */
    public static Path v4AndV3Config(Path dir) throws IOException {
        Path home = dir.resolve("home");
        createCards(home, "v4", "fineid-v4", "v3", "fineid-v3");
        return writeConfig(dir.resolve("eid4j-pkcs11.conf"), home, List.of("v4", "v3"));
    }

    /** Creates activated virtual cards (PIN1 1234, PIN2 123456, PUK 12345678): name, profile, name, profile, ... */
    public static void createCards(Path home, String... namesAndProfiles) throws IOException {
        VirtualCards cards = new VirtualCards(home);
        for (int i = 0; i < namesAndProfiles.length; i += 2) {
            cards.create(namesAndProfiles[i], namesAndProfiles[i + 1], true);
        }
    }

    /**
     * A copy of the module in {@code folder}, with a config beside it that shows only the PC/SC
     * readers (cards from {@code home}), joined to this JVM through FFM as a C application loads it.
     */
    static NativeModule readerModule(Path folder, Path home) throws Throwable {
        Files.createDirectories(folder);
        Path so = Files.copy(module(), folder.resolve("libeid4j-pkcs11.so"), StandardCopyOption.REPLACE_EXISTING);
        writeConfig(folder.resolve(EID4J_CONF), home, List.of(), "readers = true");
        return new NativeModule(so);
    }

    /** The config file's name, beside the module. */
    public static final String EID4J_CONF = "eid4j-pkcs11.conf";

    /**
     * A config file for the module: the build's JDK, dist/lib, the cards in home, no PC/SC readers
     * (tests through pcscd say "readers = true" in the extra lines), and extra lines.
     */
    public static Path writeConfig(Path file, Path home, List<String> cards, String... extraLines) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("java.home = " + System.getProperty("java.home"));
        lines.add("jars = " + dist().resolve("lib"));
        lines.add("jvm.option = -XX:+UseSerialGC");
        lines.add("jvm.option = -XX:TieredStopAtLevel=1");
        lines.add("eid4j.home = " + home);
        for (String card : cards) {
            lines.add("virtual.card = " + card);
        }
        if (List.of(extraLines).stream().noneMatch(l -> l.startsWith("readers"))) {
            lines.add("readers = false");
        }
        lines.addAll(List.of(extraLines));
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The label of the token in a slot as pkcs11-tool reads it ("Maija Meikäläinen (PIN1) #7850"):
     * a card's two tokens differ by their label alone.
     */
    public static String tokenLabel(Path config, int slot) throws IOException, InterruptedException {
        String slots = ProgramRun.of("pkcs11-tool", "--module", module().toString(), "-L")
                .with(Map.of("EID4J_PKCS11_CONF", config.toString())).run().ok().out();
        Matcher label = Pattern.compile("Slot " + slot + " \\(0x\\w+\\):.*\\n(?:.*\\n)*?\\s*token label\\s*: (.*)").matcher(slots);
        assertThat(label.find()).as("a token in slot %d:%n%s", slot, slots).isTrue();
        return label.group(1).strip();
    }

    /**
     * The PKCS#11 URI (RFC 7512) of the private key with this CKA_ID on the token in a slot, named
     * by the token's label ({@link #tokenLabel}): libp11 logs in to one token only.
     */
    public static String keyUri(Path config, int slot, String id) throws IOException, InterruptedException {
        StringBuilder token = new StringBuilder();
        for (byte b : tokenLabel(config, slot).getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0);
            token.append(unreserved ? String.valueOf(c) : String.format("%%%02X", b & 0xff));
        }
        return "pkcs11:token=" + token + ";id=%" + id + ";type=private";
    }
}

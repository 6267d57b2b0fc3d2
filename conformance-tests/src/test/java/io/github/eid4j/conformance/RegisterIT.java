package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.cli.Eid;
import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.testing.ProgramRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eid register}, {@code --check} and {@code unregister} for a user whose home has a Firefox
 * profile with an NSS database (made by certutil, named in profiles.ini), no Chromium database yet,
 * and eid4j's module in a copy of the build's dist folder, as a user who moved it. NSS's modutil
 * reads the databases as the browsers do (the module loaded, its tokens listed), and p11-kit
 * list-modules the user's p11-kit modules (p11-kit ignores them for root, so as nobody then).
 * Which process holds the module's JVM is told by the dynamic linker ({@code LD_DEBUG=files}, one
 * trace file per process): out of process, NSS's process maps p11-kit's client and no JVM.
 */
class RegisterIT {
    @TempDir
    static Path dir;
    private static Path home;
    private static Path moved;
    private static Path profile;
    private static Path chromium;

    @BeforeAll
    static void userWithFirefoxAndAMovedModule() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        home = Files.createDirectories(dir.resolve("home"));
        moved = dir.resolve("opt/eid4j");
        copy(Fixture.dist(), moved);
        Path cards = dir.resolve("cards");
        Fixture.createCards(cards, "v4", "fineid-v4", "v3", "fineid-v3");
        // The copy's own config, its jars by the relative path the dist's config has.
        Path conf = Fixture.writeConfig(moved.resolve(Fixture.EID4J_CONF), cards, List.of("v4", "v3"));
        Files.write(conf, Files.readAllLines(conf).stream().map(l -> l.startsWith("jars =") ? "jars = lib" : l).toList());
        Path firefox = Files.createDirectories(home.resolve(".mozilla/firefox"));
        profile = Files.createDirectories(firefox.resolve("k3x9w2.default-esr"));
        Files.writeString(firefox.resolve("profiles.ini"), "[Profile0]\nName=default-esr\nIsRelative=1\nPath=k3x9w2.default-esr\nDefault=1\n\n"
                + "[General]\nStartWithLastProfile=1\nVersion=2\n");
        nss("certutil", "-N", "-d", "sql:" + profile, "--empty-password").ok();
        chromium = home.resolve(".pki/nssdb");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static ProgramRun.Result nss(String... command) throws Exception {
        return ProgramRun.of(command).with(Map.of("HOME", home.toString(), "LC_ALL", "C.UTF-8")).in(dir).run();
    }

    private static ProgramRun.Result eid(String... args) throws Exception {
        return ProgramRun.of(JavaMain.command(Eid.class, args)).with(Map.of("HOME", home.toString())).in(dir).run();
    }

    /** The modules a database loads, as modutil lists them without loading them. */
    private static String rawModules(Path db) throws Exception {
        return nss("modutil", "-rawlist", "-dbdir", "sql:" + db).ok().out();
    }

    /** p11-kit's view of the user's modules, each loaded: as this user, or as nobody for root (with the home readable). */
    private static ProgramRun.Result p11kitModules() throws Exception {
        List<String> command = new ArrayList<>();
        if ((int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.toList()) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwxrwxrwx" : "rw-rw-rw-"));
                }
            }
            for (String so : List.of("libeid4j-pkcs11.so", "libeid4j-pkcs11-login.so")) {
                Files.setPosixFilePermissions(moved.resolve(so), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(List.of("p11-kit", "list-modules"));
        return ProgramRun.of(command).with(Map.of("HOME", home.toString())).in(dir).run();
    }

    /**
     * The programs that loaded libjvm.so while modutil listed eid4j's module in a database, by the
     * dynamic linker's trace of each process modutil and its children ran: "modutil" if NSS's own
     * process did.
     */
    private static List<String> programsWithAJvm(Path db) throws Exception {
        Path traces = Files.createTempDirectory(dir, "ld-debug");
        ProgramRun.of("modutil", "-list", "eid4j", "-dbdir", "sql:" + db)
                .with(Map.of("HOME", home.toString(), "LC_ALL", "C.UTF-8", "LD_DEBUG", "files", "LD_DEBUG_OUTPUT", traces.resolve("ld").toString()))
                .in(dir).run().ok();
        List<String> programs = new ArrayList<>();
        try (Stream<Path> files = Files.list(traces)) {
            for (Path trace : files.toList()) {
                String text = Files.readString(trace, StandardCharsets.ISO_8859_1);
                var program = Pattern.compile("initialize program: (\\S+)").matcher(text);
                if (text.contains("/libjvm.so") && program.find()) {
                    programs.add(Path.of(program.group(1)).getFileName().toString());
                }
            }
        }
        return programs;
    }

    @Test
    void registerAddsTheLoginModuleOutOfProcessToEachBrowserAndTheFullOneToP11KitOnceAndUnregisterTakesThemAway() throws Exception {
        String login = moved.toRealPath().resolve("libeid4j-pkcs11-login-remote.so").toString();
        ProgramRun.Result before = eid("register", "--check", "--module-dir", moved.toString());
        assertThat(before.exit()).as(before.all()).isEqualTo(1);
        assertThat(before.out()).contains("Firefox profile k3x9w2.default-esr (" + profile + "): not registered.",
                "p11-kit (" + home.resolve(".config/pkcs11/modules/eid4j.module") + "): not registered.");

        String registered = eid("register", "--module-dir", moved.toString()).ok().out();
        assertThat(registered).contains("Firefox profile k3x9w2.default-esr (" + profile + "): registered now, out of process.",
                "Chromium: created the NSS database " + chromium + ".", "Chromium (" + chromium + "): registered now, out of process.",
                "p11-kit (" + home.resolve(".config/pkcs11/modules/eid4j.module") + "): registered now.");

        // Each browser's database loads the copied module, which shows each card's authentication token only,
        // its JVM in the child p11-kit starts, none in the process of NSS (the browser's).
        for (Path db : List.of(profile, chromium)) {
            String listed = nss("modutil", "-list", "eid4j", "-dbdir", "sql:" + db).ok().out();
            assertThat(listed).as(db.toString()).contains("Library file: " + login, "Slot: eid4j virtual card 'v4' (FINEID v4.0 #",
                    "Slot: eid4j virtual card 'v3' (FINEID v3.1 #").doesNotContain("(PIN2)");
            assertThat(Pattern.compile("Token Name: Maija Meikäläinen \\(PIN1\\) #").matcher(listed).results().count())
                    .as("one token per card:%n%s", listed).isEqualTo(2);
            assertThat(programsWithAJvm(db)).as("the processes that loaded a JVM").containsExactly("p11-kit");
        }
        // p11-kit runs the copied full module out of process; it shows both PINs' tokens.
        String moduleFile = Files.readString(home.resolve(".config/pkcs11/modules/eid4j.module"), StandardCharsets.UTF_8);
        assertThat(moduleFile).contains("remote: |p11-kit remote " + moved.toRealPath().resolve("libeid4j-pkcs11.so") + "\n");
        String p11kit = p11kitModules().ok().out();
        assertThat(p11kit).contains("eid4j: ", "library-description: eid4j PKCS#11 module");
        assertThat(p11kit).containsPattern("token: Maija Meikäläinen \\(PIN1\\) #").containsPattern("token: Maija Meikäläinen \\(PIN2\\) #");

        // Again: nothing changes, nothing is added twice.
        String again = eid("register", "--module-dir", moved.toString()).ok().out();
        assertThat(again).contains("Firefox profile k3x9w2.default-esr (" + profile + "): registered, out of process.",
                "Chromium (" + chromium + "): registered, out of process.", "): registered.").doesNotContain("now");
        assertThat(rawModules(profile).split("name=\"eid4j\"", -1)).hasSize(2);
        assertThat(eid("register", "--check", "--module-dir", moved.toString()).ok().out())
                .contains("Firefox profile k3x9w2.default-esr (" + profile + "): registered, out of process.", "eid4j is registered everywhere.");

        String removed = eid("unregister").ok().out();
        assertThat(removed).contains("Firefox profile k3x9w2.default-esr (" + profile + "): removed.", "Chromium (" + chromium + "): removed.");
        for (Path db : List.of(profile, chromium)) {
            assertThat(rawModules(db)).doesNotContain("eid4j");
        }
        assertThat(home.resolve(".config/pkcs11/modules/eid4j.module")).doesNotExist();
        assertThat(p11kitModules().ok().out()).doesNotContain("eid4j");
        assertThat(eid("register", "--check", "--module-dir", moved.toString()).exit()).isEqualTo(1);
        assertThat(eid("unregister").ok().out()).contains("): was not registered.");
    }

    @Test
    void inProcessIsWhatTheUserAsksAndCheckAndUnregisterKnowBothRoutes() throws Exception {
        eid("unregister").ok();
        String inProcess = moved.toRealPath().resolve("libeid4j-pkcs11-login.so").toString();
        String outOfProcess = moved.toRealPath().resolve("libeid4j-pkcs11-login-remote.so").toString();
        assertThat(eid("register", "--in-process", "--module-dir", moved.toString()).ok().out())
                .contains("Firefox profile k3x9w2.default-esr (" + profile + "): registered now, in process.");
        assertThat(nss("modutil", "-list", "eid4j", "-dbdir", "sql:" + profile).ok().out()).contains("Library file: " + inProcess);
        assertThat(programsWithAJvm(profile)).as("the processes that loaded a JVM").containsExactly("modutil");

        ProgramRun.Result check = eid("register", "--check", "--module-dir", moved.toString());
        assertThat(check.exit()).as(check.all()).isEqualTo(1);
        assertThat(check.out()).contains("Firefox profile k3x9w2.default-esr (" + profile + "): registers " + inProcess + " (in process) instead.");
        assertThat(eid("register", "--check", "--in-process", "--module-dir", moved.toString()).ok().out())
                .contains("Chromium (" + chromium + "): registered, in process.");

        assertThat(eid("register", "--module-dir", moved.toString()).ok().out())
                .contains("Firefox profile k3x9w2.default-esr (" + profile + "): registered now, out of process, in place of " + inProcess + " (in process).");
        assertThat(eid("register", "--check", "--in-process", "--module-dir", moved.toString()).out())
                .contains("Chromium (" + chromium + "): registers " + outOfProcess + " (out of process) instead.");
        eid("register", "--in-process", "--module-dir", moved.toString()).ok();
        assertThat(eid("unregister").ok().out()).contains("Firefox profile k3x9w2.default-esr (" + profile + "): removed.");
        assertThat(rawModules(profile)).doesNotContain("eid4j");
    }

    @Test
    void aFolderWithoutTheModuleIsOneSentence() throws Exception {
        ProgramRun.Result r = eid("register", "--module-dir", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("eid: " + dir + " does not hold eid4j's PKCS#11 module (libeid4j-pkcs11.so, libeid4j-pkcs11-login.so and "
                + "libeid4j-pkcs11-login-remote.so).");
    }
}

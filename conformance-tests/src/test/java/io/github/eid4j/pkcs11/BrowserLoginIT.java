package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.pcsc.PcscReader;
import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.card.luxembourg.LuxembourgVirtualCard;
import io.github.eid4j.cli.Eid;
import io.github.eid4j.cli.login.LoginService;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Debian's Firefox ESR and Chromium log in to the login service ({@code eid login-service}) with
 * a virtual card, as a user does: on an Xvfb display, in a home where {@code eid register} gave
 * the module to Firefox's profile and Chromium's NSS database, the PIN typed with xdotool into the
 * module's own dialog, which the module shows when the card's key first signs (its token needs no
 * login, see {@link Browser#CHROMIUM}). Firefox chooses the certificate itself
 * (security.default_personal_cert "Select Automatically"); Chromium offers it in a selector, and
 * must never show its own "Unlock Security Device" window. The service's log says whom it greeted; the browser's window is named
 * after the page it shows; the module's {@code debug = true} says on the browser's stderr each
 * time its dialog shows. The browser is then quit as a user does and must exit with 0 and leave no
 * process of its session (its child processes, the module's dialog) behind.
 *
 * <p>A failed case leaves a screen dump (xwd) in target/browser-login/.
 */
class BrowserLoginIT {
    private static final String SHOWS = "eid4j PIN shows:";
    private static final String DIALOG = "^eid4j PIN$";
    private static final String PAGE_TITLE = "Log in with your eID card";
    private static final String GREETED = "good: Maija Meikäläinen";
    private static final String WRONG_PIN = "9999";
    private static final String CHROMIUM_UNLOCK = "^Unlock Security Device$";
    private static final String CHROMIUM_WINDOW = " - Chromium$";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    static Path dir;
    private static Path user;
    private static Path cards;
    private static Path profile;
    private static Path modules;
    private static XDisplay display;
    private static LoginService service;
    /** The base64 SHA-256 of the service's public key, as Chromium's exception names it. */
    private static String serviceKeyPin;
    private static final List<String> logins = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void userWithRegisteredBrowsersAndAService() throws Exception {
        user = Files.createDirectories(dir.resolve("user"));
        cards = dir.resolve("cards");
        Fixture.createCards(cards, "v4", "fineid-v4", "v3", "fineid-v3", "wrong-pin-firefox", "fineid-v4", "wrong-pin-chromium", "fineid-v4", "lux", "luxembourg");
        // The modules in a folder of their own, as a user's copy of dist/, registered from there.
        modules = Files.createDirectories(dir.resolve("eid4j"));
        for (String so : List.of("libeid4j-pkcs11.so", "libeid4j-pkcs11-login.so", "libeid4j-pkcs11-login-remote.so")) {
            Files.copy(Fixture.dist().resolve(so), modules.resolve(so), StandardCopyOption.REPLACE_EXISTING);
        }
        Fixture.writeConfig(modules.resolve(Fixture.EID4J_CONF), cards, List.of("v4"), "debug = true");
        Path firefox = Files.createDirectories(user.resolve(".mozilla/firefox"));
        profile = Files.createDirectories(firefox.resolve("eid4jtest.default-esr"));
        Files.writeString(firefox.resolve("profiles.ini"), "[Profile0]\nName=default-esr\nIsRelative=1\nPath=eid4jtest.default-esr\nDefault=1\n\n"
                + "[General]\nStartWithLastProfile=1\nVersion=2\n");
        asUser("certutil", "-N", "-d", "sql:" + profile, "--empty-password");
        List<String> register = new ArrayList<>(List.of(Programs.jdk("java"), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Eid.class.getName(), "register", "--module-dir", modules.toString()));
        ProgramRun.of(register).with(Map.of("HOME", user.toString())).in(dir).run().ok();

        List<X509Certificate> cas = new ArrayList<>();
        for (String card : List.of("v4", "v3", "lux")) {
            try (EidCard open = EidCards.open(EidCards.virtualConnection(card, cards, CardTimeout.configured()),
                    request -> LuxembourgVirtualCard.TEST_CAN.toCharArray())) {
                cas.addAll(open.caCertificates());
            }
        }
        service = LoginService.onPort(0).trusting(cas).checkingRevocation(false).logging(logins::add).start();
        // Firefox trusts a self-signed server certificate by the user's exception only (its profile's cert_override.txt).
        serviceKeyPin = java.util.Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(service.tlsCertificate().getPublicKey().getEncoded()));
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(service.tlsCertificate().getEncoded());
        Files.writeString(profile.resolve("cert_override.txt"), "# PSM Certificate Override Settings file\n"
                + "localhost:" + service.url().getPort() + ":\tOID.2.16.840.1.101.3.4.2.1\t"
                + java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest) + "\t\n");
        Files.writeString(profile.resolve("user.js"), String.join("\n",
                "user_pref(\"security.default_personal_cert\", \"Select Automatically\");",
                "user_pref(\"browser.shell.checkDefaultBrowser\", false);",
                "user_pref(\"browser.startup.homepage_override.mstone\", \"ignore\");",
                "user_pref(\"browser.aboutwelcome.enabled\", false);",
                "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);",
                "user_pref(\"toolkit.telemetry.reportingpolicy.firstRun\", false);",
                "user_pref(\"browser.sessionstore.resume_from_crash\", false);",
                "user_pref(\"browser.warnOnQuit\", false);",
                "user_pref(\"browser.tabs.warnOnClose\", false);",
                "user_pref(\"app.update.disabledForTesting\", true);",
                "user_pref(\"security.osclientcerts.autoload\", false);", ""));
        display = XDisplay.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (display != null) {
            display.close();
        }
    }

    private static void asUser(String... command) throws Exception {
        ProgramRun.of(command).with(Map.of("HOME", user.toString(), "LC_ALL", "C.UTF-8")).in(dir).run().ok();
    }

    /**
     * The two browsers, each started on the service's page with a profile folder of the test's
     * user, and what a user does in each: answer the browser's own PIN window, choose the
     * certificate, quit.
     */
    enum Browser {
        /**
         * It chooses the certificate itself (the profile's "Select Automatically"), and the
         * module's dialog asks the PIN when the key signs; Ctrl+Q quits it.
         */
        FIREFOX {
            @Override
            List<String> command(String url, Path folder) {
                return List.of("firefox-esr", "--profile", folder.toString(), "--no-remote", "--new-instance", url);
            }

            @Override
            void quit() throws Exception {
                display.activate("Mozilla Firefox"); // a click in its corner would open Firefox View, which may keep the keys
                display.key("ctrl+q");
            }
        },
        /**
         * For a token with CKF_LOGIN_REQUIRED it would ask first in its own "Unlock Security
         * Device" window (chrome's SlotUnlocker checks PK11_NeedLogin only), and NSS would then
         * drop what was typed there (PK11_CheckUserPassword calls C_Login with a NULL PIN for a
         * token with the protected authentication path): the PIN asked twice. The module for
         * browsers' token needs no login where its dialog can be shown, so that window must never
         * appear. It offers the certificates in a selector, accepted with Return, unless the
         * AutoSelectCertificateForUrls policy chooses; Ctrl+W on its last tab quits it.
         */
        CHROMIUM {
            @Override
            List<String> command(String url, Path folder) {
                List<String> command = new ArrayList<>(List.of("chromium", "--user-data-dir=" + folder, "--no-first-run",
                        "--no-default-browser-check", "--password-store=basic",
                        // The service's self-signed certificate, trusted as a user's exception is (only with --user-data-dir).
                        "--ignore-certificate-errors-spki-list=" + serviceKeyPin, url));
                if (ROOT) {
                    command.add(1, "--no-sandbox"); // Chromium refuses to run as root with its sandbox
                }
                return command;
            }

            @Override
            void chooseCertificate() throws Exception {
                display.activate(CHROMIUM_WINDOW);
                display.key("Return");
            }

            @Override
            void quit() throws Exception {
                display.activate(CHROMIUM_WINDOW);
                display.key("ctrl+w");
            }
        };

        abstract List<String> command(String url, Path folder);

        /** Accepts the certificate the browser offers, if it asks the user to choose one. */
        void chooseCertificate() throws Exception {
        }

        /** Asks it to end as a user does. */
        abstract void quit() throws Exception;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @ParameterizedTest
    @EnumSource(Browser.class)
    void asksThePinOnceAndShowsTheHoldersPage(Browser browser) throws Exception {
        loginWithOnePin(browser, "v4", profileOf(browser, "v4"));
    }

    /** FINEID v3's RSA key signs with RSA-PSS in TLS 1.3 (the card's PKCS#1 v1.5 is of no use there). */
    @Test
    void aFineidV3CardLogsInOverTls13() throws Exception {
        loginWithOnePin(Browser.FIREFOX, "v3", profileOf(Browser.FIREFOX, "v3"));
    }

    @ParameterizedTest
    @EnumSource(Browser.class)
    void aWrongPinCostsOneTryAndTheRightOneLogsIn(Browser which) throws Exception {
        String card = "wrong-pin-" + which.id();
        try (Interactive browser = start(which, card, profileOf(which, card), cardConfig(card))) {
            recordingTheScreenIfItFails(which.id() + "-wrong-pin", () -> {
                assertThat(awaitDialog(which::chooseCertificate, browser)).contains("[Enter PIN1 (authentication), 5 tries left.]");
                type(DIALOG, WRONG_PIN);
                assertThat(browser.awaitErr("Wrong PIN1")).contains("[Wrong PIN1: 4 tries left before it is blocked.]")
                        .contains("[Enter PIN1 (authentication), 4 tries left.]");
                type(DIALOG, FineidVirtualCard.TEST_PIN1);
                awaitGreeting(which::chooseCertificate, browser);
                assertThat(browser.err()).as("one dialog, asked twice").containsOnlyOnce("[Wrong PIN1");
                assertThat(count(browser.err(), SHOWS)).isEqualTo(2);
                assertThat(display.shows(CHROMIUM_UNLOCK)).as("Chromium's PIN window shown again").isFalse();
                endsCleanly(which, browser);
            });
        }
        // The right PIN gave PIN1 its tries back.
        try (EidCard open = EidCards.open(EidCards.virtualConnection(card, cards, CardTimeout.configured()))) {
            assertThat(open.status(open.pins().get(0)).triesLeft()).isEqualTo(5);
        }
    }

    /**
     * A Luxembourg eID in Firefox, no CAN known for it: the module's dialog asks the CAN printed
     * on the card when the card is opened, then the PIN, each once.
     */
    @Test
    void aLuxembourgCardLogsInWithItsCanAndPin() throws Exception {
        Path config = Fixture.writeConfig(dir.resolve("lux.conf"), cards, List.of("lux"), "debug = true");
        try (Interactive running = start(Browser.FIREFOX, "lux", profileOf(Browser.FIREFOX, "lux"), config)) {
            recordingTheScreenIfItFails("firefox-lux", () -> {
                assertThat(running.awaitErr(SHOWS)).contains("[Enter CAN, the 6-digit number printed on the front of your card.]");
                type(DIALOG, LuxembourgVirtualCard.TEST_CAN);
                assertThat(running.awaitErr(SHOWS)).contains("[Luxembourg eID IAS Classic – Marie Schmit] [Enter PIN (authentication and signature), 3 tries left.]");
                type(DIALOG, LuxembourgVirtualCard.TEST_PIN);
                awaitGreeting(Browser.FIREFOX::chooseCertificate, running, "good: Marie Schmit");
                assertThat(count(running.err(), SHOWS)).as("the module's dialogs shown:%n%s", running.err()).isEqualTo(2);
                endsCleanly(Browser.FIREFOX, running);
            });
        }
    }

    /**
     * The card taken out of its reader (a vpcd reader of pcscd) after a login, while Firefox
     * runs: a reload no longer logs in with it; put back, the next reload asks its PIN and logs
     * in again, without restarting Firefox.
     */
    @Test
    void aCardPutBackLogsInAgainWithoutRestartingTheBrowser() throws Exception {
        Pcscd.requireVpcdReaders();
        Path config = Fixture.writeConfig(dir.resolve("reader.conf"), cards, List.of(), "readers = true", "debug = true");
        Path folder = profileOf(Browser.FIREFOX, "reader");
        try (Inserted first = Inserted.card("v4");
                Interactive browser = start(Browser.FIREFOX, "reader", folder, config)) {
            recordingTheScreenIfItFails("firefox-card-removed", () -> {
                assertThat(browser.awaitErr(SHOWS)).contains("[Enter PIN1 (authentication), 5 tries left.]");
                type(DIALOG, FineidVirtualCard.TEST_PIN1);
                awaitGreeting(Browser.FIREFOX::chooseCertificate, browser);
                first.close();
                // NSS learns of the removal through the module's slot events, a moment later: the user
                // reloads until the login fails, the open connection with SSL_ERROR_TOKEN_INSERTION_REMOVAL
                // ("Warning: Security Risk"), a new one with no certificate to send.
                logins.clear();
                reloadUntil(() -> display.shows("Warning: Security Risk") || logins.contains("no-certificate"), browser);
                logins.clear();
                reload();
                Thread.sleep(3000);
                assertThat(logins).as("logins with the card out").doesNotContain(GREETED);
                try (Inserted again = Inserted.card("v4")) {
                    // Put back, it is found again by the same watch: a reload before that has no
                    // certificate sent, and the user reloads again.
                    reloadUntil(() -> count(browser.err(), SHOWS) == 2, browser);
                    assertThat(browser.awaitErr(SHOWS)).contains("[Enter PIN1 (authentication), 5 tries left.]");
                    logins.clear();
                    type(DIALOG, FineidVirtualCard.TEST_PIN1);
                    awaitGreeting(Browser.FIREFOX::chooseCertificate, browser);
                    endsCleanly(Browser.FIREFOX, browser);
                }
            });
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Reloads the page every 3 s, as a user who waits for a change would, until the condition holds, for up to 30 s. */
    private static void reloadUntil(Condition condition, Interactive browser) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("the page after reloads for 30 s; the service's logins %s; the browser said:%n%s", logins, browser.err())
                    .isLessThan(deadline);
            reload();
            Thread.sleep(3000);
        }
    }

    private static void reload() throws Exception {
        display.activate("Mozilla Firefox");
        display.key("F5");
    }

    /** A virtual card in pcscd's first vpcd reader until closed, which takes it out. */
    private record Inserted(VirtualCards.OpenCard card, VpcdBridge bridge) implements AutoCloseable {
        static Inserted card(String name) throws Exception {
            VirtualCards.OpenCard open = new VirtualCards(cards).open(name);
            Inserted inserted = new Inserted(open, VpcdBridge.start(open.card(), Pcscd.PORT_0));
            Pcscd.awaitReader(Pcscd.READER_0, PcscReader::cardPresent, "card '" + name + "'");
            return inserted;
        }

        @Override
        public void close() throws Exception {
            bridge.close();
            card.close();
            Pcscd.awaitReader(Pcscd.READER_0, reader -> !reader.cardPresent(), "no card");
        }
    }

    /**
     * Firefox's SecurityDevices policy, instead of {@code eid register}, gives the module to a
     * profile that has never seen it, as an administrator does for every user of a machine.
     */
    @Test
    void firefoxTakesTheModuleFromAnEnterprisePolicy() throws Exception {
        Path unregistered = Files.createDirectories(dir.resolve("firefox-unregistered"));
        asUser("certutil", "-N", "-d", "sql:" + unregistered, "--empty-password");
        for (String file : List.of("user.js", "cert_override.txt")) {
            Files.copy(profile.resolve(file), unregistered.resolve(file));
        }
        try (SystemFile policy = SystemFile.write(Path.of("/usr/lib/firefox-esr/distribution/policies.json"),
                "{\"policies\": {\"SecurityDevices\": {\"Add\": {\"eid4j\": \"" + modules.resolve("libeid4j-pkcs11-login.so") + "\"}}}}\n")) {
            loginWithOnePin(Browser.FIREFOX, "v4", unregistered, true);
        }
    }

    /**
     * Chromium's AutoSelectCertificateForUrls policy chooses the card's certificate for the
     * service: no selector to answer (the module is in the user's NSS database, where Chromium
     * has no policy to put it).
     */
    @Test
    void chromiumChoosesTheCertificateByAnEnterprisePolicy() throws Exception {
        String pattern = "{\\\"pattern\\\": \\\"https://localhost:" + service.url().getPort() + "\\\", \\\"filter\\\": {}}";
        try (SystemFile policy = SystemFile.write(Path.of("/etc/chromium/policies/managed/eid4j-test.json"),
                "{\"AutoSelectCertificateForUrls\": [\"" + pattern + "\"]}\n")) {
            loginWithOnePin(Browser.CHROMIUM, "v4", profileOf(Browser.CHROMIUM, "v4-policy"), false);
        }
    }

    /**
     * A file of the machine's configuration (a browser's policy), written for one case and
     * removed after it with the folders it needed: only root may.
     */
    private record SystemFile(Path file, Path firstCreated) implements AutoCloseable {
        static SystemFile write(Path file, String text) throws Exception {
            // Never skipped: a browser's policy file is written by root only, and ./test runs as root.
            assertThat(ROOT).as("the policy cases write a policy file of the machine: run them as root (./test as root)").isTrue();
            assertThat(file).as("a policy of this machine, which the test would overwrite").doesNotExist();
            Path first = file.getParent();
            while (!Files.exists(first.getParent())) {
                first = first.getParent();
            }
            Path created = Files.exists(first) ? null : first;
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return new SystemFile(file, created);
        }

        @Override
        public void close() throws Exception {
            Files.delete(file);
            if (firstCreated != null) {
                for (Path folder = file.getParent(); folder.startsWith(firstCreated); folder = folder.getParent()) {
                    Files.delete(folder);
                }
            }
        }
    }

    private void loginWithOnePin(Browser browser, String card, Path folder) throws Exception {
        loginWithOnePin(browser, card, folder, true);
    }

    /** One login; {@code userChooses}: the user accepts the certificate the browser offers, if it offers one. */
    private void loginWithOnePin(Browser browser, String card, Path folder, boolean userChooses) throws Exception {
        try (Interactive running = start(browser, card, folder, cardConfig(card))) {
            recordingTheScreenIfItFails(folder.getFileName().toString(), () -> {
                assertThat(awaitDialog(userChooses ? browser::chooseCertificate : () -> { }, running)).contains("[Enter PIN1 (authentication), 5 tries left.]");
                type(DIALOG, FineidVirtualCard.TEST_PIN1);
                awaitGreeting(userChooses ? browser::chooseCertificate : () -> { }, running);
                // Asked once: the module's dialog shown once, and closed.
                assertThat(display.shows(DIALOG) || display.shows(CHROMIUM_UNLOCK)).as("a PIN window still shown").isFalse();
                assertThat(count(running.err(), SHOWS)).as("the module's PIN dialogs shown:%n%s", running.err()).isEqualTo(1);
                endsCleanly(browser, running);
            });
        }
    }

    /** The module's config for one virtual card, which it shows as the only token. */
    private static Path cardConfig(String card) throws Exception {
        return Fixture.writeConfig(dir.resolve(card + ".conf"), cards, List.of(card), "debug = true");
    }

    /**
     * A fresh folder for this case: for Firefox a copy of the profile {@code eid register} gave
     * the module (Firefox remembers which certificate it sent to a site, and a card of another
     * case would not have it), for Chromium an empty user data folder (its NSS database is the
     * user's ~/.pki/nssdb).
     */
    private static Path profileOf(Browser browser, String card) throws Exception {
        Path folder = dir.resolve(browser.id() + "-" + card);
        if (browser == Browser.CHROMIUM) {
            return Files.createDirectories(folder);
        }
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(profile.relativize(file).toString()));
            }
        }
        return folder;
    }

    private Interactive start(Browser browser, String card, Path folder, Path config) throws Exception {
        logins.clear();
        List<String> command = new ArrayList<>(List.of("setsid", "-w")); // a session of its own, whose members are its processes
        command.addAll(browser.command(service.url().toString(), folder));
        return Interactive.start(display, Map.of("DISPLAY", display.name(), "HOME", user.toString(), "EID4J_PKCS11_CONF", config.toString(),
                "XDG_CONFIG_HOME", user.resolve(".config").toString(), "LC_ALL", "C.UTF-8"), command.toArray(String[]::new));
    }

    private static void type(String window, String pin) throws Exception {
        display.focus(window);
        display.type(pin);
    }

    /**
     * Waits until the module's dialog asks, accepting the certificate each second the browser may
     * offer it in a selector (the key signs after it), and fails as soon as Chromium shows its own
     * PIN window. Returns what the browser said up to the dialog's request.
     */
    private static String awaitDialog(Steps chooseCertificate, Interactive browser) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(80);
        for (int wait = 1; !browser.err().contains(SHOWS); wait++) {
            assertThat(display.shows(CHROMIUM_UNLOCK)).as("Chromium's own PIN window shown; it said:%n%s", browser.err()).isFalse();
            assertThat(System.nanoTime()).as("the module's dialog within 80 s; the browser said:%n%s", browser.err()).isLessThan(deadline);
            Thread.sleep(250);
            if (wait % 4 == 0) {
                chooseCertificate.run();
            }
        }
        return browser.awaitErr(SHOWS);
    }

    /**
     * Waits until the service greeted the holder and the browser's window shows its page,
     * accepting the certificate each second the browser may offer it in a selector.
     */
    private static void awaitGreeting(Steps chooseCertificate, Interactive browser) throws Exception {
        awaitGreeting(chooseCertificate, browser, GREETED);
    }

    private static void awaitGreeting(Steps chooseCertificate, Interactive browser, String greeted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int wait = 1; !(logins.contains(greeted) && display.shows(PAGE_TITLE)); wait++) {
            assertThat(System.nanoTime()).as("the service's logins %s, within 60 s; the browser said:%n%s", logins, browser.err())
                    .isLessThan(deadline);
            Thread.sleep(250);
            if (wait % 4 == 0 && !logins.contains(greeted)) {
                chooseCertificate.run();
            }
        }
        assertThat(logins).as("every login the browser made").containsOnly(greeted);
    }

    /** Quit as a user does, then exit code 0, and nothing left of the browser's session. */
    private static void endsCleanly(Browser which, Interactive browser) throws Exception {
        which.quit();
        assertThat(browser.exit()).as("exit code; it said:%n%s", browser.err()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left = sessionMembers(browser.pid());
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            left = sessionMembers(browser.pid());
        }
        assertThat(left).as("processes of the browser's session still running").isEmpty();
    }

    /** The command lines of the processes in this session (field 6 of /proc/PID/stat). */
    private static List<String> sessionMembers(long session) throws Exception {
        List<String> members = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[3]) == session && !fields[0].equals("Z")) {
                        members.add(Files.readString(process.resolve("cmdline")).replace('\0', ' '));
                    }
                } catch (java.io.IOException gone) {
                    // it ended while we looked
                }
            }
        }
        return members;
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    interface Steps {
        void run() throws Exception;
    }

    /** Runs the case; if it fails, keeps a dump of the screen as it was in target/browser-login/NAME.xwd. */
    private static void recordingTheScreenIfItFails(String name, Steps steps) throws Exception {
        try {
            steps.run();
        } catch (Exception | AssertionError failure) {
            try {
                display.screenshot(Files.createDirectories(Path.of("target", "browser-login")).resolve(name + ".xwd"));
                failure.addSuppressed(new AssertionError("the windows shown:\n" + display.windowNames()));
            } catch (Exception | AssertionError noScreen) {
                failure.addSuppressed(noScreen);
            }
            throw failure;
        }
    }
}

package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.cli.Eid;
import io.github.eid4j.cli.login.LoginService;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a test (no *IT name, so {@code ./mvnw verify} leaves it out; run it with
 * scripts/browser-route-bench.sh): Debian's Firefox ESR with eid4j's login module registered by
 * {@code eid register}, in process ({@code --in-process}) and out of process (the default),
 * driven as BrowserLoginIT drives it (Xvfb, the login service, the PIN typed into the module's
 * dialog). Per run: the time from Firefox's launch until the module's PIN window is on the screen,
 * then, once the holder's page is shown, the resident memory (VmRSS) of Firefox's parent process,
 * where NSS loads the module, and of the process of Firefox's session that maps the module's JVM
 * when that is another one ({@code p11-kit remote}). One run of each route warms the caches; the figures are the medians
 * of the runs after it, written to target/browser-route.txt.
 */
class BrowserRouteMeasurement {
    private static final String DIALOG = "^eid4j PIN$";
    private static final String PAGE_TITLE = "Log in with your eID card";
    private static final int RUNS = Integer.getInteger("eid4j.bench.runs", 5);

    @TempDir
    static Path dir;

    record Run(long dialogMillis, long parentKib, long moduleProcessKib) {
    }

    @Test
    void firefoxInProcessAndOutOfProcess() throws Exception {
        Path user = Files.createDirectories(dir.resolve("user"));
        Path cards = dir.resolve("cards");
        Fixture.createCards(cards, "v4", "fineid-v4");
        Path modules = Files.createDirectories(dir.resolve("eid4j"));
        for (String so : List.of("libeid4j-pkcs11.so", "libeid4j-pkcs11-login.so", "libeid4j-pkcs11-login-remote.so")) {
            Files.copy(Fixture.dist().resolve(so), modules.resolve(so));
        }
        Path config = Fixture.writeConfig(modules.resolve(Fixture.EID4J_CONF), cards, List.of("v4"), "debug = true");
        Path profile = Files.createDirectories(user.resolve(".mozilla/firefox/bench.default-esr"));
        Files.writeString(user.resolve(".mozilla/firefox/profiles.ini"),
                "[Profile0]\nName=bench\nIsRelative=1\nPath=bench.default-esr\nDefault=1\n\n[General]\nStartWithLastProfile=1\nVersion=2\n");
        ProgramRun.of("certutil", "-N", "-d", "sql:" + profile, "--empty-password").in(dir).run().ok();

        List<String> logins = new CopyOnWriteArrayList<>();
        List<java.security.cert.X509Certificate> cas;
        try (EidCard card = EidCards.open(EidCards.virtualConnection("v4", cards, CardTimeout.configured()))) {
            cas = card.caCertificates();
        }
        try (LoginService service = LoginService.onPort(0).trusting(cas).checkingRevocation(false).logging(logins::add).start();
                XDisplay display = XDisplay.start()) {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(service.tlsCertificate().getEncoded());
            Files.writeString(profile.resolve("cert_override.txt"), "# PSM Certificate Override Settings file\nlocalhost:" + service.url().getPort()
                    + ":\tOID.2.16.840.1.101.3.4.2.1\t" + java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest) + "\t\n");
            // The certificate chosen without asking, and none of a first start's pages or checks.
            List<String> prefs = List.of("security.default_personal_cert\", \"Select Automatically\"", "browser.shell.checkDefaultBrowser\", false",
                    "browser.startup.homepage_override.mstone\", \"ignore\"", "browser.aboutwelcome.enabled\", false",
                    "datareporting.policy.dataSubmissionEnabled\", false", "toolkit.telemetry.reportingpolicy.firstRun\", false",
                    "browser.sessionstore.resume_from_crash\", false", "browser.warnOnQuit\", false", "browser.tabs.warnOnClose\", false",
                    "app.update.disabledForTesting\", true", "security.osclientcerts.autoload\", false");
            StringBuilder userJs = new StringBuilder();
            prefs.forEach(pref -> userJs.append("user_pref(\"").append(pref).append(");\n"));
            Files.writeString(profile.resolve("user.js"), userJs);

            Map<String, List<Run>> runs = new java.util.LinkedHashMap<>();
            for (int i = 0; i <= RUNS; i++) {
                for (String route : List.of("in process", "out of process")) {
                    List<String> register = new ArrayList<>(List.of(Programs.jdk("java"), "--enable-native-access=ALL-UNNAMED", "-cp",
                            System.getProperty("java.class.path"), Eid.class.getName(), "register", "--module-dir", modules.toString()));
                    if (route.equals("in process")) {
                        register.add("--in-process");
                    }
                    ProgramRun.of(register).with(Map.of("HOME", user.toString())).in(dir).run().ok();
                    Run run = null;
                    for (int attempt = 1; run == null; attempt++) {
                        try {
                            run = measure(display, user, config, profile, service.url().toString(), logins);
                        } catch (Exception | AssertionError failure) {
                            display.screenshot(Files.createDirectories(Path.of("target", "browser-route"))
                                    .resolve(i + "-" + route.replace(' ', '-') + "-" + attempt + ".xwd"));
                            // Firefox sometimes cannot open the display on a machine where other Xvfb servers come and go: once more.
                            if (attempt == 2) {
                                throw new AssertionError("run " + i + ", " + route, failure);
                            }
                            System.out.println("run " + i + ", " + route + " failed, once more: " + failure.getMessage().lines().findFirst().orElse(""));
                        }
                    }
                    if (i > 0) {
                        runs.computeIfAbsent(route, r -> new ArrayList<>()).add(run);
                    }
                }
            }
            String report = report(runs);
            System.out.print(report);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "browser-route.txt"), report, StandardCharsets.UTF_8);
        }
    }

    private static Run measure(XDisplay display, Path user, Path config, Path profile, String url, List<String> logins) throws Exception {
        logins.clear();
        long start = System.nanoTime();
        try (Interactive firefox = Interactive.start(display, Map.of("DISPLAY", display.name(), "HOME", user.toString(), "EID4J_PKCS11_CONF",
                config.toString(), "XDG_CONFIG_HOME", user.resolve(".config").toString(), "LC_ALL", "C.UTF-8"),
                "setsid", "-w", "firefox-esr", "--profile", profile.toString(), "--no-remote", "--new-instance", url)) {
            long deadline = start + TimeUnit.SECONDS.toNanos(60);
            while (!display.shows(DIALOG)) {
                assertThat(System.nanoTime()).as("the PIN window within 60 s; Firefox said:%n%s", firefox.err()).isLessThan(deadline);
                Thread.sleep(20);
            }
            long dialog = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            display.focus(DIALOG);
            display.type(FineidVirtualCard.TEST_PIN1);
            while (!(logins.contains("good: Maija Meikäläinen") && display.shows(PAGE_TITLE))) {
                assertThat(System.nanoTime()).as("the holder's page within 60 s; Firefox said:%n%s", firefox.err()).isLessThan(deadline);
                Thread.sleep(100);
            }
            Thread.sleep(2000); // what the login started settles
            long parent = rssKib(firefox.pid());
            long module = 0;
            for (long pid : sessionMembers(firefox.pid())) {
                if (pid != firefox.pid() && Files.readString(Path.of("/proc", Long.toString(pid), "maps")).contains("/libjvm.so")) {
                    module += rssKib(pid);
                }
            }
            display.focus("Mozilla Firefox");
            display.key("ctrl+q");
            assertThat(firefox.exit()).as("Firefox's exit code").isZero();
            return new Run(dialog, parent, module);
        }
    }

    private static long rssKib(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }

    /** The processes of this session (field 6 of /proc/PID/stat). */
    private static List<Long> sessionMembers(long session) throws Exception {
        List<Long> members = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    if (Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]) == session) {
                        members.add(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (java.io.IOException gone) {
                    // it ended while we looked
                }
            }
        }
        return members;
    }

    private static String report(Map<String, List<Run>> runs) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Firefox ESR, FINEID v4 virtual card, median of %d runs after one warm-up%n", RUNS));
        out.append(String.format(Locale.ROOT, "%-16s %22s %24s %26s%n", "route", "launch to PIN window", "Firefox parent VmRSS", "module process VmRSS"));
        runs.forEach((route, list) -> out.append(String.format(Locale.ROOT, "%-16s %19d ms %20.0f MiB %22s%n", route,
                median(list.stream().mapToLong(Run::dialogMillis).toArray()), median(list.stream().mapToLong(Run::parentKib).toArray()) / 1024.0,
                list.get(0).moduleProcessKib() == 0 ? "(in Firefox)"
                        : String.format(Locale.ROOT, "%.0f MiB", median(list.stream().mapToLong(Run::moduleProcessKib).toArray()) / 1024.0))));
        out.append("each run:");
        runs.forEach((route, list) -> out.append(String.format(Locale.ROOT, "%n  %s: %s", route, list)));
        return out.append(String.format(Locale.ROOT, "%n")).toString();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

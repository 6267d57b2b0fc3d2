package io.github.eid4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The NSS databases the user's browsers read PKCS#11 modules from: every Firefox profile (Debian's
 * firefox and firefox-esr, the snap's and the flatpak's), and ~/.pki/nssdb, which Chromium and
 * Google Chrome share with the user's other NSS programs.
 */
final class BrowserDatabases {
    /** The folders that hold Firefox's profiles.ini and profiles, relative to the home folder. */
    private static final List<String> FIREFOX_ROOTS = List.of(".mozilla/firefox", "snap/firefox/common/.mozilla/firefox",
            ".var/app/org.mozilla.firefox/.mozilla/firefox");
    static final String CHROMIUM = ".pki/nssdb";

    private BrowserDatabases() {
    }

    /** Firefox's profiles first (those not started yet too: they have no database), then Chromium's. */
    static List<NssDatabase> of(Path home) throws IOException {
        Map<Path, NssDatabase> found = new LinkedHashMap<>();
        for (String root : FIREFOX_ROOTS) {
            for (Path profile : firefoxProfiles(home.resolve(root))) {
                found.putIfAbsent(profile.toAbsolutePath().normalize(),
                        new NssDatabase("Firefox profile " + profile.getFileName(), profile));
            }
        }
        found.put(home.resolve(CHROMIUM), new NssDatabase("Chromium", home.resolve(CHROMIUM)));
        return List.copyOf(found.values());
    }

    /**
     * The sentence for a user whose Firefox has no profile yet (installed, never started), who
     * would otherwise hear nothing of Firefox from eid register; null where Firefox has a profile
     * or is not on the PATH.
     */
    static String firefoxNotStartedYet(Path home, String path) throws IOException {
        for (String root : FIREFOX_ROOTS) {
            if (!firefoxProfiles(home.resolve(root)).isEmpty()) {
                return null;
            }
        }
        for (String dir : path == null ? new String[0] : path.split(":")) {
            for (String program : List.of("firefox", "firefox-esr")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                    return "Firefox: no profile in " + home.resolve(FIREFOX_ROOTS.get(0))
                            + " yet (start Firefox once, close it, then run eid register again).";
                }
            }
        }
        return null;
    }

    /** The profiles that profiles.ini names (relative or not), and any other folder of the root with a database. */
    private static List<Path> firefoxProfiles(Path root) throws IOException {
        List<Path> profiles = new ArrayList<>();
        Path ini = root.resolve("profiles.ini");
        if (Files.isRegularFile(ini)) {
            boolean relative = true;
            String path = null;
            for (String line : Files.readAllLines(ini, StandardCharsets.UTF_8)) {
                line = line.strip();
                if (line.startsWith("[")) {
                    addProfile(profiles, root, path, relative);
                    path = null;
                    relative = true;
                } else if (line.startsWith("Path=")) {
                    path = line.substring("Path=".length());
                } else if (line.equals("IsRelative=0")) {
                    relative = false;
                }
            }
            addProfile(profiles, root, path, relative);
        }
        if (Files.isDirectory(root)) {
            try (Stream<Path> folders = Files.list(root)) {
                folders.filter(f -> Files.isRegularFile(f.resolve("cert9.db")) && !profiles.contains(f)).sorted().forEach(profiles::add);
            }
        }
        return profiles;
    }

    private static void addProfile(List<Path> profiles, Path root, String path, boolean relative) {
        if (path != null && !path.isEmpty()) {
            Path profile = relative ? root.resolve(path) : Path.of(path);
            if (!profiles.contains(profile)) {
                profiles.add(profile);
            }
        }
    }
}

package io.github.eid4j.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the programs nobody here wrote are (pkcs11-tool, openssl, the NSS tools, keytool...),
 * which the conformance tests run as a user does. A missing program fails the test, naming the
 * Debian package to install; it is never a skip (./test installs them when run as root).
 */
public final class Programs {
    /** The Debian package of each program the tests run from PATH. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("pkcs11-tool", "opensc"),
            Map.entry("pkcs15-tool", "opensc"),
            Map.entry("opensc-tool", "opensc"),
            Map.entry("openssl", "openssl (and libengine-pkcs11-openssl for its pkcs11 engine)"),
            Map.entry("p11tool", "gnutls-bin"),
            Map.entry("p11-kit", "p11-kit"),
            Map.entry("modutil", "libnss3-tools"),
            Map.entry("certutil", "libnss3-tools"),
            Map.entry("cmsutil", "libnss3-tools"),
            Map.entry("tstclnt", "libnss3-tools"),
            Map.entry("curl", "curl"),
            Map.entry("scriptor", "pcsc-tools"),
            Map.entry("softhsm2-util", "softhsm2"),
            Map.entry("gcc", "gcc"),
            Map.entry("setsid", "util-linux"),
            Map.entry("Xvfb", "xvfb"),
            Map.entry("xdotool", "xdotool"),
            Map.entry("xwd", "x11-apps"),
            Map.entry("firefox-esr", "firefox-esr"));

    private Programs() {
    }

    /** The program's path: as given when it names a file, else the first executable of that name on PATH. */
    public static String find(String name) {
        if (name.contains(File.separator)) {
            return name;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new AssertionError(name + " is not on PATH: install the Debian package "
                + PACKAGES.getOrDefault(name, "that holds it") + " (./test installs what the tests need when run as root).");
    }

    /** A tool of the JDK running the tests (keytool, jarsigner, java). */
    public static String jdk(String name) {
        Path tool = Path.of(System.getProperty("java.home"), "bin", name);
        if (!Files.isExecutable(tool)) {
            throw new AssertionError(tool + " is missing: the tests need a full JDK (Temurin 25), not a JRE.");
        }
        return tool.toString();
    }

    /** The index opensc-tool gives the reader with this name, from {@code opensc-tool -l}. */
    public static String openscReaderIndex(String readerName) throws IOException, InterruptedException {
        String list = ProgramRun.of("opensc-tool", "-l").run().ok().out();
        for (String line : list.split("\n")) {
            String l = line.strip();
            if (l.endsWith(readerName) && !l.isEmpty() && Character.isDigit(l.charAt(0))) {
                return l.split("\\s+")[0];
            }
        }
        throw new AssertionError("opensc-tool -l does not list " + readerName + ":\n" + list);
    }
}

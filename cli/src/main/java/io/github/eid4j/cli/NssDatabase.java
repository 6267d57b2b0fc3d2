package io.github.eid4j.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NSS database of the user (a Firefox profile, Chromium's ~/.pki/nssdb) and the PKCS#11
 * modules it loads, changed with NSS's own modutil (Debian package libnss3-tools), as the
 * browser itself would: its module list (pkcs11.txt) is NSS's format, not ours to write.
 */
record NssDatabase(String program, Path dir) {
    /** The name eid4j's module has in the database (what Firefox's Security Devices shows). */
    static final String MODULE_NAME = "eid4j";
    private static final Pattern RAW_MODULE = Pattern.compile("library=\"([^\"]*)\" name=\"([^\"]*)\"");

    boolean exists() {
        return Files.isRegularFile(dir.resolve("cert9.db"));
    }

    /** A new empty database, as Chromium makes on its first start. */
    void create() throws IOException {
        Files.createDirectories(dir);
        certutil("-N", "-d", "sql:" + dir, "--empty-password");
    }

    /** The modules the database loads, by name, with their library (read without loading them). */
    Map<String, Path> modules() throws IOException {
        Map<String, Path> modules = new LinkedHashMap<>();
        Matcher m = RAW_MODULE.matcher(modutil("-rawlist", "-dbdir", "sql:" + dir));
        while (m.find()) {
            if (!m.group(1).isEmpty()) {
                modules.put(m.group(2), Path.of(m.group(1)));
            }
        }
        return modules;
    }

    /** Adds eid4j's module; modutil loads it once to check it works. */
    void add(Path library) throws IOException {
        modutil("-add", MODULE_NAME, "-libfile", library.toString(), "-dbdir", "sql:" + dir, "-force");
    }

    void delete() throws IOException {
        modutil("-delete", MODULE_NAME, "-dbdir", "sql:" + dir, "-force");
    }

    private static String modutil(String... args) throws IOException {
        return run("modutil", args);
    }

    private static String certutil(String... args) throws IOException {
        return run("certutil", args);
    }

    /** Runs an NSS tool; -force keeps modutil from asking whether the browser is closed. */
    private static String run(String tool, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new IOException(tool + " is not installed (Debian package libnss3-tools); eid register needs it to change NSS databases.", e);
        }
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(tool + " did not finish in 2 minutes.");
            }
            if (process.exitValue() != 0) {
                // The module's own sentence (it could not start) says more than modutil's ERROR line.
                String why = out.lines().filter(l -> l.startsWith("eid4j-pkcs11: ")).findFirst()
                        .or(() -> out.lines().filter(l -> l.contains("ERROR")).findFirst()).orElse(out.strip());
                throw new IOException(tool + " " + String.join(" ", args) + " failed: " + why);
            }
            return out;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(tool + " was interrupted.", e);
        }
    }
}

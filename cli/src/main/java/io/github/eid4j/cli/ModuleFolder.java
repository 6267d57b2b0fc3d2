package io.github.eid4j.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder of eid4j's PKCS#11 module, wherever it was put: libeid4j-pkcs11.so (every token, for
 * signing programs), libeid4j-pkcs11-login.so (the authentication token only, for browsers),
 * libeid4j-pkcs11-login-remote.so (the same out of the browser's process, {@link BrowserRoute}), and
 * their eid4j-pkcs11.conf. Registered paths are its real ones, so that a copied folder registers
 * where it now is and a symbolic link's target moving does not matter.
 */
record ModuleFolder(Path dir) {
    static final String FULL = "libeid4j-pkcs11.so";
    static final String FOR_BROWSERS = BrowserRoute.IN_PROCESS.library;

    /**
     * The folder given, else the one beside this program: the installed layout (the CLI's jars in
     * a folder next to the module), then a source tree's build (pkcs11-shim/target/dist).
     */
    static ModuleFolder find(Path given) throws IOException {
        List<Path> candidates = new ArrayList<>();
        if (given != null) {
            candidates.add(given);
        } else {
            Path code = codeLocation();
            if (code != null && code.getParent() != null) {
                Path folder = code.getParent();
                candidates.add(folder.getParent());
                if (folder.getParent() != null && folder.getParent().getParent() != null) {
                    candidates.add(folder.getParent().getParent().resolve("pkcs11-shim/target/dist"));
                }
            }
        }
        for (Path candidate : candidates) {
            if (candidate != null && Files.isRegularFile(candidate.resolve(FULL)) && Files.isRegularFile(candidate.resolve(FOR_BROWSERS))
                    && Files.isRegularFile(candidate.resolve(BrowserRoute.OUT_OF_PROCESS.library))) {
                return new ModuleFolder(candidate.toRealPath());
            }
        }
        throw new IOException(given != null
                ? given + " does not hold eid4j's PKCS#11 module (" + FULL + ", " + FOR_BROWSERS + " and " + BrowserRoute.OUT_OF_PROCESS.library + ")."
                : "eid4j's PKCS#11 module (" + FULL + ") is not beside this eid; name its folder with --module-dir.");
    }

    /** Where this class was loaded from: the CLI's jar, or its classes folder in a build; null if unknown. */
    private static Path codeLocation() {
        CodeSource code = ModuleFolder.class.getProtectionDomain().getCodeSource();
        try {
            return code == null || code.getLocation() == null ? null : Path.of(code.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    Path full() {
        return dir.resolve(FULL);
    }

    Path forBrowsers(BrowserRoute route) {
        return dir.resolve(route.library);
    }
}

package io.github.eid4j.cli;

/**
 * How a browser loads eid4j's login module (each card's authentication token only). Out of
 * process is the default: the browser loads a small module without Java, p11-kit's RPC client,
 * which runs the login module and its JVM under {@code p11-kit remote} in a child process that
 * ends with the browser. In process, the JVM lives in the browser's own process (about 100 MB
 * more there).
 */
enum BrowserRoute {
    OUT_OF_PROCESS("libeid4j-pkcs11-login-remote.so", "out of process"),
    IN_PROCESS("libeid4j-pkcs11-login.so", "in process");

    /** The library the browser's NSS database names, in the module folder. */
    final String library;
    /** How eid register names the route to the user. */
    final String words;

    BrowserRoute(String library, String words) {
        this.library = library;
        this.words = words;
    }

    /** The route whose library this is, or null for another library. */
    static BrowserRoute of(java.nio.file.Path library) {
        for (BrowserRoute route : values()) {
            if (library.getFileName().toString().equals(route.library)) {
                return route;
            }
        }
        return null;
    }
}

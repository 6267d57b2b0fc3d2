package io.github.eid4j.pkcs11;

import io.github.eid4j.pkcs11.dialog.DialogRequest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The module's own PIN dialog program ({@code dialog.PinWindow}): whether it can be shown here, and how
 * it is started. It runs as a separate process with the module's own Java runtime, so no GUI
 * toolkit is ever loaded into the host's process (a browser). Where it can be shown, tokens
 * have PKCS#11's protected authentication path and C_Login with a NULL PIN opens it.
 *
 * <p>It needs an X display (DISPLAY; on Wayland, XWayland sets it): AWT has no Wayland toolkit,
 * so WAYLAND_DISPLAY alone is no display for it. It is a Java program rather than zenity so that
 * nothing beyond the module's own runtime is needed, and its window can count the tries, name
 * the card and show a PIN pad's message; it appears within about a second.
 */
final class PinDialogProgram {
    /** Shorter than a browser's own patience: Firefox gives a TLS handshake about 30 s, across all its dialogs. */
    static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(20);

    /**
     * The dialog's main class, by name: the module never loads it (nor any Swing class) in the
     * host's process. PinDialogIT starts it.
     */
    private static final String WINDOW = "io.github.eid4j.pkcs11.dialog.PinWindow";

    private final List<String> command;
    private final Duration timeLimit;

    private PinDialogProgram(List<String> command, Duration timeLimit) {
        this.command = List.copyOf(command);
        this.timeLimit = timeLimit;
    }

    /**
     * The dialog if it can be shown with this environment and runtime, else null (the
     * application then asks for the PIN itself).
     */
    static PinDialogProgram find(ModuleConfig config, Map<String, String> environment) {
        if (!config.pinDialog()) {
            return null;
        }
        String display = environment.get("DISPLAY");
        if (display == null || display.isBlank()) {
            Log.debug("no PIN dialog: no X display (DISPLAY is not set)");
            return null;
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path java = javaHome.resolve("bin").resolve("java");
        Path jar = codeSource();
        if (!Files.isExecutable(java) || jar == null || !Files.exists(javaHome.resolve("lib").resolve("libawt_xawt.so"))) {
            Log.debug("no PIN dialog: the runtime " + javaHome + " cannot show one");
            return null;
        }
        List<String> command = new ArrayList<>(List.of(java.toString(),
                // A small window: start fast (class data sharing, the first compiler only) and small.
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx48m",
                "-Djava.awt.headless=false", "-cp", jar.toString(), WINDOW));
        return new PinDialogProgram(command, config.pinDialogTimeout());
    }

    /** The jar (or classes folder) holding the dialog: the module's own, as {@link DialogRequest}'s. */
    private static Path codeSource() {
        try {
            var source = DialogRequest.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** How long one login may keep the dialog up, wrong PINs included. */
    Duration timeLimit() {
        return timeLimit;
    }

    /** Starts the dialog process (no window until the first request). */
    PinDialogProcess start() {
        ProcessBuilder builder = new ProcessBuilder(command);
        // The dialog is the module's program, not the host's Java: the host's Java options (a
        // debugger agent listening on a port) are not for it, as the module's JVM ignores them too.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        // Its warnings are the module's business: on the host's stderr only when debugging.
        builder.redirectError(Log.debugging() ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD);
        try {
            return new PinDialogProcess(builder.start(), timeLimit);
        } catch (IOException e) {
            throw new CkrException(Ck.CKR_FUNCTION_FAILED, "The PIN dialog did not start: " + e.getMessage());
        }
    }
}

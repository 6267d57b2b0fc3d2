package io.github.eid4j.pkcs11;

import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A virtual X display (Xvfb) for a test's windows, and xdotool typing into the window that has
 * the focus, as a user's keyboard does. Both are Debian packages (xvfb, xdotool) that ./test installs.
 */
public final class XDisplay implements AutoCloseable {
    private final Process server;
    private final String name;

    private XDisplay(Process server, String name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Starts Xvfb on a free display number, which it chooses and tells (-displayfd). With
     * -noreset the server stays as it is between a test's browsers: by default it resets when its
     * last client leaves, and a browser started during the reset could not open the display
     * ("cannot open display :0", seen between BrowserLoginIT's cases on a loaded machine).
     */
    public static XDisplay start() throws IOException {
        Process server = new ProcessBuilder(Programs.find("Xvfb"), "-displayfd", "1", "-nolisten", "tcp", "-noreset", "-screen", "0", "1024x768x24")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String number = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        if (number == null) {
            server.destroyForcibly();
            throw new AssertionError("Xvfb did not start");
        }
        return new XDisplay(server, ":" + number.strip());
    }

    /** The DISPLAY value, ":7". */
    public String name() {
        return name;
    }

    /** Types the text into the focused window, then Return. */
    public void type(String text) throws IOException, InterruptedException {
        xdotool("type", "--delay", "20", text);
        key("Return");
    }

    /** Presses one key ("Escape", "Return"). */
    void key(String key) throws IOException, InterruptedException {
        xdotool("key", key);
    }

    /**
     * Gives the keyboard focus to the first window of this name, waiting up to 80 s for it: a
     * click inside it, as a user does, since there is no window manager to raise it.
     */
    void focus(String windowName) throws IOException, InterruptedException {
        xdotool("search", "--sync", "--onlyvisible", "--name", windowName, "windowraise", "windowfocus", "mousemove", "--window", "%1", "20", "20",
                "click", "1");
        Thread.sleep(500);
    }

    /**
     * Gives the keyboard focus to the first window of this name, waiting up to 80 s for it,
     * without a click: for a window whose corner holds a button (Chromium's tab search).
     */
    void activate(String windowName) throws IOException, InterruptedException {
        xdotool("search", "--sync", "--onlyvisible", "--name", windowName, "windowfocus");
        Thread.sleep(300);
    }

    /** True if a window of this name is shown (a browser's window is named after its page's title). */
    boolean shows(String windowName) throws IOException, InterruptedException {
        return ProgramRun.of("xdotool", "search", "--onlyvisible", "--name", windowName).with(java.util.Map.of("DISPLAY", name)).run().exit() == 0;
    }

    /** The names of the windows shown, one a line, for a failed test's record. */
    String windowNames() throws IOException, InterruptedException {
        return ProgramRun.of("xdotool", "search", "--onlyvisible", "--name", "", "getwindowname", "%@")
                .with(java.util.Map.of("DISPLAY", name)).run().out();
    }

    /** The whole screen in an X window dump (xwd, Debian package x11-apps), for a failed test's record. */
    void screenshot(java.nio.file.Path file) throws IOException, InterruptedException {
        ProgramRun.of("xwd", "-root", "-silent", "-display", name, "-out", file.toString()).run().ok();
    }

    private void xdotool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "xdotool";
        System.arraycopy(args, 0, command, 1, args.length);
        // 80 s: a browser that loads the module's JVM takes that long to show a window on a busy machine.
        ProgramRun.of(command).with(java.util.Map.of("DISPLAY", name)).within(java.time.Duration.ofSeconds(80)).run().ok();
    }

    @Override
    public void close() {
        server.destroy();
        try {
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.destroyForcibly();
        }
    }
}

package io.github.eid4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eid register}, {@code eid register --check}, {@code eid unregister}: eid4j's PKCS#11
 * module in the current user's browsers and p11-kit. Browsers get the module that shows each card's
 * authentication token only ({@link ModuleFolder#FOR_BROWSERS}): NSS logs in to every token that
 * needs a login when it looks for a client certificate, and would ask for the signature PIN too
 * (Chromium even fails the login without it). By default they load it out of their process
 * ({@link BrowserRoute}), so that no JVM enters the browser. p11-kit's programs sign, so they get
 * every token.
 * Each step is said as it is done, and doing it twice changes nothing.
 */
final class RegisterCommands {
    private RegisterCommands() {
    }

    /** The user's home as the browsers and p11-kit find it: $HOME first. */
    static Path home() {
        String home = System.getenv("HOME");
        return Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home);
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Make your cards usable in Firefox (every profile), Chromium and the programs that use p11-kit, for you as this user.",
                "Browsers get the module that shows the authentication key only (one PIN to log in), run by p11-kit in a process of its own;",
                "p11-kit's programs get every key.",
                "Close the browsers first; run it again after moving eid4j."})
    static final class Register implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--check", description = "Only say where the module is registered, in or out of process, and where not; "
                + "exit code 1 if anywhere it is not as eid register with the same options would make it.")
        boolean check;

        @Option(names = "--in-process", description = "Browsers load the module, and its Java runtime, into their own process "
                + "(about 100 MB more there) instead of running it in a process of its own through p11-kit.")
        boolean inProcess;

        @Option(names = "--module-dir", paramLabel = "<folder>",
                description = "The folder of libeid4j-pkcs11.so (default: the one installed with this eid).")
        Path moduleDir;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            ModuleFolder module = ModuleFolder.find(moduleDir);
            BrowserRoute route = inProcess ? BrowserRoute.IN_PROCESS : BrowserRoute.OUT_OF_PROCESS;
            Path wanted = module.forBrowsers(route);
            Path home = home();
            out.println("eid4j's PKCS#11 module: " + module.dir() + " (browsers: " + route.words + ")");
            boolean complete = true;
            for (NssDatabase db : BrowserDatabases.of(home)) {
                if (!db.exists()) {
                    if (check || !db.dir().endsWith(BrowserDatabases.CHROMIUM)) {
                        out.println(db.program() + ": no NSS database in " + db.dir() + " yet (start the browser once, then run eid register).");
                        complete = false;
                        continue;
                    }
                    db.create(); // Chromium makes the same on its first start, and then finds the module in it
                    out.println(db.program() + ": created the NSS database " + db.dir() + ".");
                }
                Map<String, Path> modules = db.modules();
                Path now = modules.get(NssDatabase.MODULE_NAME);
                String where = db.program() + " (" + db.dir() + "): ";
                if (wanted.equals(now)) {
                    out.println(where + "registered, " + route.words + ".");
                } else if (check) {
                    out.println(where + (now == null ? "not registered." : "registers " + described(now) + " instead."));
                    complete = false;
                } else {
                    if (now != null) {
                        db.delete();
                    }
                    db.add(wanted);
                    out.println(where + "registered now, " + route.words + (now == null ? "." : ", in place of " + described(now) + "."));
                }
                warnOfOtherNames(out, db, modules);
            }
            String firefoxNotStarted = BrowserDatabases.firefoxNotStartedYet(home, System.getenv("PATH"));
            if (firefoxNotStarted != null) {
                out.println(firefoxNotStarted); // not a failure of --check: the user may never use Firefox
            }
            P11KitUserModule p11kit = P11KitUserModule.in(home);
            String where = "p11-kit (" + p11kit.file() + "): ";
            if (p11kit.names(module)) {
                out.println(where + "registered.");
            } else if (check) {
                out.println(where + (p11kit.exists() ? "names another module." : "not registered."));
                complete = false;
            } else {
                p11kit.write(module);
                out.println(where + "registered now.");
            }
            if (check) {
                out.println(complete ? "eid4j is registered everywhere." : "Run eid register to register it where it is not.");
                return complete ? 0 : 1;
            }
            out.println("Restart Firefox and Chromium if they are open.");
            return 0;
        }
    }

    /** A library an NSS database names for eid4j, with its route if it is one of eid4j's for browsers. */
    private static String described(Path library) {
        BrowserRoute route = BrowserRoute.of(library);
        return library + (route == null ? "" : " (" + route.words + ")");
    }

    /** eid4j's module loaded under another name (added by hand) shows the browser every PIN's token again. */
    private static void warnOfOtherNames(PrintWriter out, NssDatabase db, Map<String, Path> modules) {
        modules.forEach((name, library) -> {
            if (!name.equals(NssDatabase.MODULE_NAME) && library.getFileName().toString().startsWith("libeid4j-pkcs11")) {
                out.println(db.program() + " also loads " + library + " as '" + name + "' (added by hand); remove it: modutil -delete '"
                        + name + "' -dbdir sql:" + db.dir());
            }
        });
    }

    @Command(name = "unregister", mixinStandardHelpOptions = true,
            description = "Remove what eid register added for you: the module from every Firefox profile, Chromium and p11-kit.")
    static final class Unregister implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Path home = home();
            for (NssDatabase db : BrowserDatabases.of(home)) {
                if (db.exists() && db.modules().containsKey(NssDatabase.MODULE_NAME)) {
                    db.delete();
                    out.println(db.program() + " (" + db.dir() + "): removed.");
                } else if (db.exists()) {
                    out.println(db.program() + " (" + db.dir() + "): was not registered.");
                }
            }
            P11KitUserModule p11kit = P11KitUserModule.in(home);
            out.println("p11-kit (" + p11kit.file() + "): " + (p11kit.exists() ? "removed." : "was not registered."));
            p11kit.delete();
            out.println("Restart Firefox and Chromium if they are open.");
            return 0;
        }
    }
}

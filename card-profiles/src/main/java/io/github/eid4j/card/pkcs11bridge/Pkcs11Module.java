package io.github.eid4j.card.pkcs11bridge;

import com.sun.jna.NativeLong;
import io.github.eid4j.apdu.transport.CardThread;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.EidException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A PKCS#11 module loaded into this process and initialised once, shared by the tokens opened
 * through it and finalised when the last one closes (or when the JVM exits). Every call runs on
 * the module's own thread ({@link CardThread}), and the caller waits at most the time limit: a
 * module that hangs in a call frees its caller with one sentence naming it, and is given up
 * (later calls fail at once) rather than deadlocking the application. One thread also means one
 * caller at a time, so an operation's init, login and final call on a token's session are never
 * split by another thread's; the looks for slot events ({@link TokenPresence}) run on that
 * thread too.
 */
final class Pkcs11Module {
    private static final Map<Path, Pkcs11Module> LOADED = new HashMap<>();
    private static boolean hooked;

    private final String name;
    private final Duration timeLimit;
    private final CardThread thread;
    private final TokenPresence presence = new TokenPresence(this);
    private Pkcs11Library library;
    private boolean ownsInitialisation;
    private volatile String stuckIn;
    private int users;
    private Path path;

    Pkcs11Module(String name, Duration timeLimit) {
        this.name = name;
        this.timeLimit = timeLimit;
        this.thread = new CardThread("eid4j PKCS#11 " + name);
    }

    /** The module at {@code path}, loaded and initialised if this process has not yet done so. */
    static Pkcs11Module acquire(Path path, Duration timeLimit) throws EidException {
        synchronized (LOADED) {
            Pkcs11Module module = LOADED.get(path);
            if (module == null) {
                module = new Pkcs11Module(path.toString(), timeLimit);
                module.load(path);
                module.path = path;
                module.presence.start();
                LOADED.put(path, module);
                if (!hooked) {
                    Runtime.getRuntime().addShutdownHook(new Thread(Pkcs11Module::finalizeAll, "eid4j PKCS#11 C_Finalize"));
                    hooked = true;
                }
            }
            module.users++;
            return module;
        }
    }

    /** Uses an already loaded library (tests give one that misbehaves). */
    void use(Pkcs11Library loaded) throws EidException {
        call("C_Initialize", () -> {
            library = loaded;
            initialise();
            return null;
        });
    }

    private void load(Path file) throws EidException {
        call("C_Initialize", () -> {
            library = FunctionList.load(file.toString());
            initialise();
            presence.baseline();
            return null;
        });
    }

    /**
     * C_Initialize asking for the system's locking, as a multi-threaded host such as NSS does (the
     * tested path of most modules); a module that cannot lock (CKR_CANT_LOCK, or any other refusal
     * of the arguments) is initialised without them. Either way only this thread calls it.
     */
    private void initialise() throws EidException {
        long rv = library.C_Initialize(Structs.osLocking()).longValue();
        if (rv != Pkcs11Constants.CKR_OK && rv != Pkcs11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            rv = library.C_Initialize(null).longValue();
        }
        if (rv != Pkcs11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            check("C_Initialize", rv);
            ownsInitialisation = true;
        }
    }

    /** The tokens coming and going in the module's slots. */
    TokenPresence presence() {
        return presence;
    }

    /** The module's name in messages: the path it was loaded from. */
    String name() {
        return name;
    }

    Pkcs11Library library() {
        return library;
    }

    /** Throws the failure of a function that did not answer CKR_OK. */
    void check(String function, NativeLong rv) throws Pkcs11Failure {
        check(function, rv.longValue());
    }

    void check(String function, long rv) throws Pkcs11Failure {
        if (rv != Pkcs11Constants.CKR_OK) {
            throw new Pkcs11Failure(name, function, rv);
        }
    }

    /** Runs {@code work} on the module's thread, waiting for it at most the module's time limit. */
    <T> T call(String function, CardThread.Call<T, EidException> work) throws EidException {
        return call(function, work, timeLimit);
    }

    /** As {@link #call(String, CardThread.Call)}, waiting at most {@code limit} (a PIN pad's user takes longer). */
    <T> T call(String function, CardThread.Call<T, EidException> work, Duration limit) throws EidException {
        String stuck = stuckIn;
        if (stuck != null) {
            throw new CardAccessException(CardAccessException.Reason.NO_ANSWER, "The PKCS#11 module " + name + " stopped answering in "
                    + stuck + "; restart the program to use it again.");
        }
        CardThread.Call<T, EidException> guarded = () -> {
            try {
                return work.run();
            } catch (Error e) {
                // JNA reports a module's bad memory access (and a function it lacks) as an Error: the application goes on.
                throw new CardAccessException(CardAccessException.Reason.CARD_ERROR, "The PKCS#11 module " + name + " failed in "
                        + function + " (" + e.getMessage() + ").", e);
            }
        };
        return thread.call(guarded, limit, (failure, cause) -> {
            if (failure == CardThread.Failure.NO_ANSWER) {
                stuckIn = function;
                return new CardAccessException(CardAccessException.Reason.NO_ANSWER, "The PKCS#11 module " + name + " did not answer "
                        + function + " within " + seconds(limit) + "; restart the program to use it again.", cause);
            }
            return new CardAccessException(CardAccessException.Reason.CARD_ERROR, failure == CardThread.Failure.CLOSED
                    ? "The PKCS#11 module " + name + " was closed." : "The wait for the PKCS#11 module " + name + " was interrupted.", cause);
        });
    }

    /** One token fewer uses the module; the last one finalises it. */
    void release() {
        synchronized (LOADED) {
            if (--users > 0) {
                return;
            }
            LOADED.remove(path);
        }
        finish();
    }

    /** C_Finalize (if this process initialised the module and it still answers), then the thread ends. */
    void finish() {
        presence.stop();
        if (ownsInitialisation && stuckIn == null) {
            try {
                call("C_Finalize", () -> library.C_Finalize(null));
            } catch (EidException e) {
                // The module is being let go: nothing more to do with it.
            }
        }
        thread.close(() -> {
        });
    }

    private static void finalizeAll() {
        Pkcs11Module[] modules;
        synchronized (LOADED) {
            modules = LOADED.values().toArray(new Pkcs11Module[0]);
            LOADED.clear();
        }
        for (Pkcs11Module module : modules) {
            module.finish();
        }
    }

    private static String seconds(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }

}

package io.github.eid4j.pkcs11;

import io.github.eid4j.pkcs11.dialog.DialogAnswer;
import io.github.eid4j.pkcs11.dialog.DialogRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One running PIN dialog, for one login: requests go to its input, the PIN comes back on its
 * output (a pipe; never a command line or the environment). The whole login, wrong PINs
 * included, has one time limit; when it passes the process is killed and the login is
 * CKR_FUNCTION_CANCELED, like a cancel.
 */
final class PinDialogProcess implements AutoCloseable {
    private final Process process;
    private final OutputStream requests;
    private final InputStream answers;
    private final long deadline;
    private volatile boolean timedOut;

    PinDialogProcess(Process process, Duration timeLimit) {
        this.process = process;
        this.requests = process.getOutputStream();
        this.answers = process.getInputStream();
        this.deadline = System.nanoTime() + timeLimit.toNanos();
        Thread.ofVirtual().name("eid4j PIN dialog time limit").start(() -> {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    timedOut = true;
                    process.destroyForcibly(); // the dialog's output ends: the reader below wakes
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Seconds left for the window's countdown. */
    int secondsLeft() {
        return (int) Math.max(0, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
    }

    /**
     * Shows the request and waits for the value (the caller wipes it).
     *
     * @throws CkrException CKR_FUNCTION_CANCELED if the user cancels, closes the window or lets
     *     the time pass; CKR_FUNCTION_FAILED if the dialog ends otherwise
     */
    char[] ask(DialogRequest request) {
        send(request);
        char[] value = answer();
        if (value == null) {
            throw new CkrException(Ck.CKR_FUNCTION_CANCELED, "The PIN dialog was cancelled.");
        }
        return value;
    }

    /** Shows a sentence until the user closes the window or the time passes. */
    void tell(DialogRequest notice) {
        send(notice);
        try {
            char[] none = answer();
            if (none != null) {
                java.util.Arrays.fill(none, '\0');
            }
        } catch (CkrException e) {
            Log.debug(e.getMessage());
        }
    }

    /** Shows a request that needs no answer here (the PIN pad's message); it stays until close. */
    void show(DialogRequest request) {
        send(request);
    }

    private void send(DialogRequest request) {
        try {
            requests.write(request.with(request.message(), secondsLeft()).encode());
            requests.flush();
        } catch (IOException e) {
            throw ended();
        }
    }

    private char[] answer() {
        try {
            return DialogAnswer.read(answers);
        } catch (IOException e) {
            throw ended();
        }
    }

    private CkrException ended() {
        if (timedOut) {
            return new CkrException(Ck.CKR_FUNCTION_CANCELED, "No PIN was entered within the PIN dialog's time limit.");
        }
        return new CkrException(Ck.CKR_FUNCTION_FAILED, "The PIN dialog ended unexpectedly.");
    }

    /** Closes the window: its input ends and it exits; killed if it does not within a second. */
    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

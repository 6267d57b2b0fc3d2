package io.github.eid4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * p11-kit's server offering a module to hosts that load p11-kit-client.so: the module out of the
 * host's process. Run by {@link Bench} around the cold-start benchmarks, once with
 * libeid4j-pkcs11.so on the in-process virtual card, once with SoftHSM2 (the route's own cost,
 * with a module that starts in a few milliseconds); each address goes to a file in the bench
 * folder for the JMH forks.
 */
final class P11KitServer implements AutoCloseable {
    private static final String ADDRESS_VARIABLE = "P11_KIT_SERVER_ADDRESS=";

    private final Process process;

    private P11KitServer(Process process) {
        this.process = process;
    }

    static P11KitServer start(BenchHome home, Pkcs11Module served) throws IOException {
        Files.createDirectories(home.p11kitFolder(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ProcessBuilder builder = new ProcessBuilder("p11-kit", "server", "--foreground", "--provider",
                served.library(home).toString(), "pkcs11:").redirectError(ProcessBuilder.Redirect.INHERIT);
        Files.createDirectories(home.p11kitFolder().resolve(served.param()));
        builder.environment().put("XDG_RUNTIME_DIR", home.p11kitFolder().resolve(served.param()).toString());
        builder.environment().putAll(served.environment(home, ModuleStartBenchmark.CARD));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("p11-kit cannot be started: install the Debian package p11-kit (./bench does as root).", e);
        }
        P11KitServer server = new P11KitServer(process);
        // Its first line: P11_KIT_SERVER_ADDRESS=unix:path=...; export P11_KIT_SERVER_ADDRESS;
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith(ADDRESS_VARIABLE)) {
            server.close();
            throw new IOException("p11-kit server did not say its address: " + line);
        }
        String address = line.substring(ADDRESS_VARIABLE.length(), line.indexOf(';'));
        Files.writeString(home.p11kitServerAddress(served), address, StandardCharsets.UTF_8);
        return server;
    }

    /** The address of the running server of {@code served}, for P11_KIT_SERVER_ADDRESS. */
    static String address(BenchHome home, Pkcs11Module served) {
        try {
            return Files.readString(home.p11kitServerAddress(served), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("No p11-kit server is running for the benchmarks.", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

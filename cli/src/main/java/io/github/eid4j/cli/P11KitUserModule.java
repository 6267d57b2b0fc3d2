package io.github.eid4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * eid4j's module file among the user's p11-kit modules (~/.config/pkcs11/modules/eid4j.module),
 * for the programs that find modules through p11-kit (GnuTLS, p11-kit-proxy): the full module, run
 * by {@code p11-kit remote} in a process of its own, so that no JVM enters those programs (and
 * GnuTLS, which forbids the module threads, can use it). p11-kit reads user files for every user
 * but root; one of the same name overrides the system's (the Debian package's).
 */
record P11KitUserModule(Path file) {
    static final String RELATIVE = ".config/pkcs11/modules/eid4j.module";

    static P11KitUserModule in(Path home) {
        return new P11KitUserModule(home.resolve(RELATIVE));
    }

    String text(ModuleFolder module) {
        return "# Written by eid register: eid4j's PKCS#11 module, run out of process by p11-kit.\n"
                + "# eid unregister removes this file.\n"
                + "remote: |p11-kit remote " + module.full() + "\n"
                + "critical: no\n";
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    /** Whether the file is the one {@link #text} writes for this module folder. */
    boolean names(ModuleFolder module) throws IOException {
        return exists() && Files.readString(file, StandardCharsets.UTF_8).equals(text(module));
    }

    void write(ModuleFolder module) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(partial, text(module), StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}

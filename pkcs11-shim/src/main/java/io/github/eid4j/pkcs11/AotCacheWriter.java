package io.github.eid4j.pkcs11;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes the module's AOT cache, {@value #FILE} beside its jars, at build time: a JVM of this JDK
 * runs {@link AotTraining} with {@code -XX:AOTCacheOutput}, the jars on its class path in the
 * order the C bootstrap puts them (sorted by name) and the JVM options of the module's config.
 * When the module starts its own JVM it passes {@code -XX:AOTCache} if the file is there, so the
 * classes that JVM needs come loaded and linked, and its first calls compiled from a profile. The
 * JVM checks the cache against its own build and the jars (their sizes and times) and does
 * without one that does not match.
 *
 * <p>The JDK leaves the classes of a signed jar out of the cache (and 25.0.3 crashes writing a
 * cache that links to them), and Bouncy Castle's jars, a third of the classes the module loads,
 * are signed; so the copies in the jar folder lose their signature files first. Nothing there
 * checks them: Bouncy Castle's provider is never registered, and only its KeyFactory is used.
 */
final class AotCacheWriter {
    /** The cache's name in the jar folder; java.c looks for it there. */
    static final String FILE = "eid4j-pkcs11.aot";

    private AotCacheWriter() {
    }

    /** @param args the module's dist folder: eid4j-pkcs11.conf and the jar folder lib */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path dist = Path.of(args[0]).toAbsolutePath();
        Path lib = dist.resolve("lib");
        Path cache = lib.resolve(FILE);
        Files.deleteIfExists(cache);
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(AotCacheWriter::isJar).toList()) {
                removeSignature(jar);
            }
        }
        Path scratch = Files.createTempDirectory("eid4j-aot-training");
        Path log = dist.resolve("aot-training.log");
        try {
            ProcessBuilder training = new ProcessBuilder(command(dist, lib, cache, scratch.resolve("home")))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            training.environment().remove("JAVA_TOOL_OPTIONS");
            training.environment().remove("_JAVA_OPTIONS");
            training.environment().put("PCSCLITE_CSOCK_NAME", scratch.resolve("no-pcscd.comm").toString());
            int exit = training.start().waitFor();
            // The JVM writing the cache is a child of the training JVM, whose exit does not tell its failure.
            if (exit != 0 || !Files.isRegularFile(cache) || Files.size(cache) == 0) {
                Files.deleteIfExists(cache);
                throw new IOException("The AOT training run failed (exit " + exit + "): " + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        } finally {
            Files.deleteIfExists(cache.resolveSibling(FILE + ".config"));
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static boolean isJar(Path file) {
        return file.getFileName().toString().endsWith(".jar");
    }

    /** Removes the signature files of a signed jar (META-INF/*.SF and their signature blocks); other jars stay untouched. */
    private static void removeSignature(Path jar) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(jar); Stream<Path> metaInf = Files.list(zip.getPath("META-INF"))) {
            for (Path entry : metaInf.filter(AotCacheWriter::isSignatureFile).toList()) {
                Files.delete(entry);
            }
        } catch (NoSuchFileException e) {
            // No META-INF: not signed.
        }
    }

    private static boolean isSignatureFile(Path entry) {
        String name = entry.getFileName().toString().toUpperCase(Locale.ROOT);
        return name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA") || name.endsWith(".EC") || name.startsWith("SIG-");
    }

    private static List<String> command(Path dist, Path lib, Path cache, Path home) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // What java.c gives the JVM it creates, then the config's options.
        command.addAll(List.of("-Xrs", "-XX:-MaxFDLimit", "-Xmx128m", "--enable-native-access=ALL-UNNAMED"));
        for (String line : Files.readAllLines(dist.resolve("eid4j-pkcs11.conf"), StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            if (equals > 0 && line.substring(0, equals).strip().equals("jvm.option")) {
                command.add(line.substring(equals + 1).strip());
            }
        }
        command.add("-XX:AOTCacheOutput=" + cache);
        command.add("-cp");
        try (Stream<Path> jars = Files.list(lib)) {
            command.add(String.join(":", jars.filter(AotCacheWriter::isJar).map(Path::toString).sorted().toList()));
        }
        command.add(AotTraining.class.getName());
        command.add(home.toString());
        return command;
    }
}

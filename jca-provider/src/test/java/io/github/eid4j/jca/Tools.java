package io.github.eid4j.jca;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.card.EidCard;

/**
 * Programs nobody here wrote (keytool, jarsigner, openssl), run as separate processes the way a
 * user runs them. A missing program fails the test with what to install; it never skips.
 */
final class Tools {
    private Tools() {
    }

    record Result(int exit, String output) {
    }

    /** keytool or jarsigner of the JDK running the tests. */
    static String jdkTool(String name) {
        Path tool = Path.of(System.getProperty("java.home"), "bin", name);
        if (!Files.isExecutable(tool)) {
            throw new AssertionError(tool + " is missing: the tests need a full JDK (Temurin 25), not a JRE.");
        }
        return tool.toString();
    }

    static String openssl() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "openssl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("openssl is not installed: run 'apt-get install openssl' (./test does it as root).");
    }

    /** The jars and class folders a separate JVM needs to load the provider (keytool -providerPath). */
    static String providerPath() {
        Set<String> path = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {
            Eid4jProvider.class, // this module's classes
            EidCard.class, // card-profiles
            CommandApdu.class, // apdu
            org.bouncycastle.jce.provider.BouncyCastleProvider.class, // bcprov
            org.bouncycastle.cert.X509CertificateHolder.class, // bcpkix
            org.bouncycastle.asn1.cms.ContentInfo.class, // bcutil
            jnasmartcardio.Smartcardio.class,
            com.sun.jna.Native.class,
        }) {
            try {
                path.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new AssertionError(e);
            }
        }
        return String.join(File.pathSeparator, path);
    }

    /** Runs a program to its end (at most 60 s) with extra environment variables and text on its standard input. */
    static Result run(Map<String, String> environment, String input, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(environment);
        Path output = Files.createTempFile("eid4j-tool", ".txt");
        try {
            pb.redirectOutput(output.toFile());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new AssertionError(command.get(0) + " cannot be started.", e);
            }
            try (OutputStream in = p.getOutputStream()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s.");
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    static List<String> command(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}

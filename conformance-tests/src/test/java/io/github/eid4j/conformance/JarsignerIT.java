package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.jca.Eid4jProvider;
import io.github.eid4j.jca.TestCards;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's jarsigner signs a jar with the card's signature key, as a separate process, and
 * jarsigner -verify accepts it. jarsigner has no PIN dialog of its own, so the PINs come as
 * passwords: -storepass is PIN1, the key password is PIN2 (-keypass, or typed when jarsigner asks
 * for it because the store password was refused as key password). With -protected, the JDK's
 * text CallbackHandler asks the provider's PIN prompt on the terminal.
 */
class JarsignerIT {
    @TempDir
    Path home;

    private Path unsignedJar() throws Exception {
        Path jar = home.resolve("app.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("hello.txt"));
            out.write("Hei maailma\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private ProgramRun.Result jarsigner(String input, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Programs.jdk("jarsigner")));
        command.addAll(List.of(arguments));
        return ProgramRun.of(command).with(Map.of("EID4J_HOME", home.toString())).input(input).run();
    }

    private List<String> store(String card) {
        return List.of("-keystore", "NONE", "-storetype", "EID", "-providerPath", ProviderJars.path(),
                "-providerClass", Eid4jProvider.class.getName(), "-providerArg", "--virtual=" + card);
    }

    private void assertVerified(Path signed) throws Exception {
        ProgramRun.Result verify = jarsigner(null, "-verify", "-verbose", "-certs", signed.toString());
        assertThat(verify.exit()).as(verify.all()).isZero();
        assertThat(verify.all()).contains("jar verified.").contains("CN=Meikäläinen Maija");
    }

    @Test
    void signsWithPin1AsStorePasswordAndPin2AsKeyPassword() throws Exception {
        String card = TestCards.copy(TestCards.V4, home);
        Path signed = home.resolve("signed.jar");
        List<String> args = new java.util.ArrayList<>(store(card));
        args.addAll(List.of("-storepass", TestCards.PIN1, "-keypass", TestCards.PIN2, "-signedjar", signed.toString(),
                unsignedJar().toString(), "signature"));
        ProgramRun.Result sign = jarsigner(null, args.toArray(new String[0]));
        assertThat(sign.exit()).as(sign.all()).isZero();
        assertThat(sign.all()).contains("jar signed.");
        assertVerified(signed);
    }

    @Test
    void withoutKeypassJarsignerAsksForPin2() throws Exception {
        String card = TestCards.copy(TestCards.V3, home);
        Path signed = home.resolve("signed.jar");
        List<String> args = new java.util.ArrayList<>(store(card));
        args.addAll(List.of("-storepass", TestCards.PIN1, "-signedjar", signed.toString(), unsignedJar().toString(), "signature"));
        ProgramRun.Result sign = jarsigner(TestCards.PIN2 + "\n", args.toArray(new String[0]));
        assertThat(sign.exit()).as(sign.all()).isZero();
        assertThat(sign.all()).contains("Enter key password for signature").contains("jar signed.");
        assertVerified(signed);
    }

    @Test
    void protectedAsksThroughTheDefaultCallbackHandler() throws Exception {
        String card = TestCards.copy(TestCards.V4, home);
        Path properties = home.resolve("java.security");
        Files.writeString(properties, "auth.login.defaultCallbackHandler=com.sun.security.auth.callback.TextCallbackHandler\n");
        Path signed = home.resolve("signed.jar");
        List<String> args = new java.util.ArrayList<>(List.of("-J-Djava.security.properties=" + properties));
        args.addAll(store(card));
        args.addAll(List.of("-protected", "-signedjar", signed.toString(), unsignedJar().toString(), "signature"));
        ProgramRun.Result sign = jarsigner(TestCards.PIN2 + "\n", args.toArray(new String[0]));
        assertThat(sign.exit()).as(sign.all()).isZero();
        assertThat(sign.all()).contains("PIN2 (signature), 5 tries left").contains("jar signed.");
        assertVerified(signed);
    }
}

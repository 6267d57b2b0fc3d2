package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
class JarsignerTest {
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

    private Tools.Result jarsigner(String input, String... arguments) throws Exception {
        List<String> command = Tools.command(Tools.jdkTool("jarsigner"));
        command.addAll(List.of(arguments));
        return Tools.run(Map.of("EID4J_HOME", home.toString()), input, command);
    }

    private List<String> store(String card) {
        return List.of("-keystore", "NONE", "-storetype", "EID", "-providerPath", Tools.providerPath(),
                "-providerClass", Eid4jProvider.class.getName(), "-providerArg", "--virtual=" + card);
    }

    private void assertVerified(Path signed) throws Exception {
        Tools.Result verify = jarsigner(null, "-verify", "-verbose", "-certs", signed.toString());
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("jar verified.").contains("CN=Meikäläinen Maija");
    }

    @Test
    void signsWithPin1AsStorePasswordAndPin2AsKeyPassword() throws Exception {
        String card = TestCards.copy(TestCards.V4, home);
        Path signed = home.resolve("signed.jar");
        List<String> args = new java.util.ArrayList<>(store(card));
        args.addAll(List.of("-storepass", TestCards.PIN1, "-keypass", TestCards.PIN2, "-signedjar", signed.toString(),
                unsignedJar().toString(), "signature"));
        Tools.Result sign = jarsigner(null, args.toArray(new String[0]));
        assertThat(sign.exit()).as(sign.output()).isZero();
        assertThat(sign.output()).contains("jar signed.");
        assertVerified(signed);
    }

    @Test
    void withoutKeypassJarsignerAsksForPin2() throws Exception {
        String card = TestCards.copy(TestCards.V3, home);
        Path signed = home.resolve("signed.jar");
        List<String> args = new java.util.ArrayList<>(store(card));
        args.addAll(List.of("-storepass", TestCards.PIN1, "-signedjar", signed.toString(), unsignedJar().toString(), "signature"));
        Tools.Result sign = jarsigner(TestCards.PIN2 + "\n", args.toArray(new String[0]));
        assertThat(sign.exit()).as(sign.output()).isZero();
        assertThat(sign.output()).contains("Enter key password for signature").contains("jar signed.");
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
        Tools.Result sign = jarsigner(TestCards.PIN2 + "\n", args.toArray(new String[0]));
        assertThat(sign.exit()).as(sign.output()).isZero();
        assertThat(sign.output()).contains("PIN2 (signature), 5 tries left").contains("jar signed.");
        assertVerified(signed);
    }
}

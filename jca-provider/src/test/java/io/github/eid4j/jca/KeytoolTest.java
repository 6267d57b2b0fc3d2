package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's keytool lists a virtual card through Eid4j, as a separate process: the provider is
 * loaded with -providerPath/-providerClass and configured with -providerArg; EID4J_HOME points at
 * a folder holding the card; the store password is PIN1.
 */
class KeytoolTest {
    @TempDir
    Path home;

    private Tools.Result keytool(String providerArg, String... more) throws Exception {
        List<String> command = Tools.command(Tools.jdkTool("keytool"), "-list", "-storetype", "EID", "-keystore", "NONE",
                "-providerPath", Tools.providerPath(), "-providerClass", Eid4jProvider.class.getName(), "-providerArg", providerArg);
        command.addAll(List.of(more));
        return Tools.run(Map.of("EID4J_HOME", home.toString()), null, command);
    }

    @Test
    void listsTheKeysAndCaCertificatesOfTheCard() throws Exception {
        String card = TestCards.copy(TestCards.V4, home);
        Tools.Result list = keytool("--virtual=" + card, "-storepass", TestCards.PIN1);
        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output()).contains("Your keystore contains 4 entries")
                .containsPattern("(?m)^authentication, .*, PrivateKeyEntry,")
                .containsPattern("(?m)^signature, .*, PrivateKeyEntry,")
                .containsPattern("(?m)^ca-1, .*, trustedCertEntry,")
                .containsPattern("(?m)^ca-2, .*, trustedCertEntry,");

        Path config = home.resolve("eid4j.cfg");
        Files.writeString(config, "virtual=" + card + "\nprofile=FINEID\n");
        Tools.Result verbose = keytool(config.toString(), "-storepass", TestCards.PIN1, "-v", "-alias", "authentication");
        assertThat(verbose.exit()).as(verbose.output()).isZero();
        assertThat(verbose.output()).contains("Entry type: PrivateKeyEntry").contains("Certificate chain length: 3")
                .contains("Subject Public Key Algorithm: 384-bit EC (secp384r1) key");
    }

    @Test
    void aWrongStorePasswordIsAWrongPin1() throws Exception {
        String card = TestCards.copy(TestCards.V3, home);
        Tools.Result wrong = keytool("--virtual=" + card, "-storepass", "9999");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.output()).contains("keytool error: java.io.IOException: Wrong PIN1: 4 tries left before it is blocked.");
        Tools.Result right = keytool("--virtual=" + card, "-storepass", TestCards.PIN1);
        assertThat(right.exit()).as(right.output()).isZero();
    }
}

package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.jca.Eid4jProvider;
import io.github.eid4j.jca.TestCards;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's keytool lists a virtual card through Eid4j, as a separate process: the provider is
 * loaded with -providerPath/-providerClass and configured with -providerArg; EID4J_HOME points at
 * a folder holding the card; the store password is PIN1.
 */
class KeytoolIT {
    @TempDir
    Path home;

    private ProgramRun.Result keytool(String providerArg, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(Programs.jdk("keytool"), "-list", "-storetype", "EID", "-keystore", "NONE",
                "-providerPath", ProviderJars.path(), "-providerClass", Eid4jProvider.class.getName(), "-providerArg", providerArg));
        command.addAll(List.of(more));
        return ProgramRun.of(command).with(Map.of("EID4J_HOME", home.toString())).run();
    }

    @Test
    void listsTheKeysAndCaCertificatesOfTheCard() throws Exception {
        String card = TestCards.copy(TestCards.V4, home);
        ProgramRun.Result list = keytool("--virtual=" + card, "-storepass", TestCards.PIN1);
        assertThat(list.exit()).as(list.all()).isZero();
        assertThat(list.all()).contains("Your keystore contains 4 entries")
                .containsPattern("(?m)^authentication, .*, PrivateKeyEntry,")
                .containsPattern("(?m)^signature, .*, PrivateKeyEntry,")
                .containsPattern("(?m)^ca-1, .*, trustedCertEntry,")
                .containsPattern("(?m)^ca-2, .*, trustedCertEntry,");

        Path config = home.resolve("eid4j.cfg");
        Files.writeString(config, "virtual=" + card + "\nprofile=FINEID\n");
        ProgramRun.Result verbose = keytool(config.toString(), "-storepass", TestCards.PIN1, "-v", "-alias", "authentication");
        assertThat(verbose.exit()).as(verbose.all()).isZero();
        assertThat(verbose.all()).contains("Entry type: PrivateKeyEntry").contains("Certificate chain length: 3")
                .contains("Subject Public Key Algorithm: 384-bit EC (secp384r1) key");
    }

    @Test
    void aWrongStorePasswordIsAWrongPin1() throws Exception {
        String card = TestCards.copy(TestCards.V3, home);
        ProgramRun.Result wrong = keytool("--virtual=" + card, "-storepass", "9999");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.all()).contains("keytool error: java.io.IOException: Wrong PIN1: 4 tries left before it is blocked.");
        ProgramRun.Result right = keytool("--virtual=" + card, "-storepass", TestCards.PIN1);
        assertThat(right.exit()).as(right.all()).isZero();
    }
}

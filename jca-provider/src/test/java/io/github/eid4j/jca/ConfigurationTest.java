package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.InvalidParameterException;
import java.security.KeyStore;
import java.security.Provider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the provider is found and configured. */
class ConfigurationTest {
    @TempDir
    Path folder;

    @Test
    void inlineAndFileConfigurationsNameTheCard() throws Exception {
        assertThat(Configuration.parse("--virtual=demo").describe()).isEqualTo("virtual card 'demo'");
        assertThat(Configuration.parse("--reader=Virtual PCD 00 01").describe()).isEqualTo("reader 'Virtual PCD 00 01'");
        assertThat(Configuration.parse("--reader=1").readerIndex()).isEqualTo(1);
        assertThat(Configuration.parse("--reader=Virtual PCD 00 00\nprofile=fineid").describe())
                .isEqualTo("reader 'Virtual PCD 00 00' (FINEID only)");
        assertThat(Configuration.parse("--profile=FINEID;reader=0").describe()).isEqualTo("reader 0 (FINEID only)");
        assertThat(Configuration.parse("--reader=0;card.timeout=45").cardTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(Configuration.parse("--virtual=demo;card.timeout=500ms").cardTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(Configuration.parse("--virtual=demo").cardTimeout()).as("the default").isEqualTo(Duration.ofSeconds(30));
        Path file = folder.resolve("eid4j.cfg");
        Files.writeString(file, "# the demo card\nvirtual = demo\n");
        assertThat(Configuration.parse(file.toString()).describe()).isEqualTo("virtual card 'demo'");

        Provider configured = new Eid4jProvider().configure("--virtual=demo");
        assertThat(configured).isInstanceOf(Eid4jProvider.class);
        assertThat(configured.getName()).isEqualTo("Eid4j");
        assertThat(configured.getInfo()).endsWith("card: virtual card 'demo'");
        assertThat(new Eid4jProvider().getInfo()).endsWith("card: the first supported card");
    }

    @Test
    void badConfigurationsAreRefusedInOneSentence() {
        assertThatThrownBy(() -> Configuration.parse("--slot=1")).isInstanceOf(InvalidParameterException.class)
                .hasMessage("Unknown key 'slot' in the Eid4j inline configuration; the keys are reader, virtual, profile and card.timeout.");
        assertThatThrownBy(() -> Configuration.parse("--virtual=a;reader=b")).isInstanceOf(InvalidParameterException.class)
                .hasMessage("The Eid4j inline configuration names both a reader and a virtual card; give one.");
        assertThatThrownBy(() -> Configuration.parse("--profile=belgium")).isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("There is no card profile 'belgium'; the profiles are: FINEID");
        assertThatThrownBy(() -> Configuration.parse("--virtual=demo;card.timeout=0")).isInstanceOf(InvalidParameterException.class)
                .hasMessage("The card time limit is a number of seconds above zero, such as 30 (or milliseconds, such as 500ms), not '0'.");
        assertThatThrownBy(() -> Configuration.parse("--virtual=")).isInstanceOf(InvalidParameterException.class)
                .hasMessage("The Eid4j configuration key 'virtual' has no value.");
        assertThatThrownBy(() -> new Eid4jProvider().configure(folder.resolve("missing.cfg").toString()))
                .isInstanceOf(InvalidParameterException.class).hasMessageEndingWith("cannot be read; inline configuration starts with \"--\", e.g. \"--virtual=demo\".");
        assertThatThrownBy(() -> new Eid4jProvider().configure("")).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aVirtualCardThatDoesNotExistIsNoCard() throws Exception {
        KeyStore ks = KeyStore.getInstance("EID", new Eid4jProvider().configure("--virtual=nobody-has-this-card"));
        assertThatThrownBy(() -> ks.load(null, null)).isInstanceOf(java.io.IOException.class)
                .hasMessage("There is no virtual card named 'nobody-has-this-card'; create one with 'eid virtual create'.")
                .cause().isInstanceOf(NoCardException.class);
    }

    @Test
    void serviceLoaderAndTheModuleDescriptorOfferTheProvider() throws Exception {
        assertThat(ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::type))
                .contains(Eid4jProvider.class);
        Path classes = Path.of(Eid4jProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module = ModuleFinder.of(classes).find("io.github.eid4j.jca").orElseThrow().descriptor();
        assertThat(module.provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo("java.security.Provider");
            assertThat(p.providers()).containsExactly(Eid4jProvider.class.getName());
        });
        assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.github.eid4j.jca");
    }

    @Test
    void everyEngineThatTakesAKeyRoutesOnlyCardKeys() {
        Eid4jProvider p = new Eid4jProvider();
        String[] signatures = {"SHA1withRSA", "SHA224withRSA", "SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "NONEwithRSA",
            "RSASSA-PSS", "SHA256withRSA/PSS", "SHA384withRSA/PSS", "SHA512withRSA/PSS", "SHA1withECDSA", "SHA224withECDSA",
            "SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA", "NONEwithECDSA", "SHA1withECDSAinP1363Format",
            "SHA224withECDSAinP1363Format", "SHA256withECDSAinP1363Format", "SHA384withECDSAinP1363Format", "SHA512withECDSAinP1363Format"};
        for (String name : signatures) {
            assertThat(p.getService("Signature", name)).as(name).isNotNull()
                    .satisfies(s -> assertThat(s.getAttribute("SupportedKeyClasses"))
                            .isEqualTo("io.github.eid4j.jca.Eid4jRsaPrivateKey|io.github.eid4j.jca.Eid4jEcPrivateKey"));
        }
        assertThat(p.getService("Signature", "SHA256withRSAandMGF1")).isNotNull();
        assertThat(p.getService("Signature", "1.2.840.10045.4.3.3").getAlgorithm()).isEqualTo("SHA384withECDSA");
        assertThat(p.getService("Cipher", "RSA/ECB/PKCS1Padding").getAttribute("SupportedKeyClasses")).isNotNull();
        assertThat(p.getService("KeyAgreement", "ECDH").getAttribute("SupportedKeyClasses")).isNotNull();
        assertThat(p.getService("KeyStore", "EID")).isNotNull();
        assertThat(p.getService("KeyManagerFactory", "EID")).isNotNull();
    }
}

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
        assertThat(Eid4jConfiguration.parse("--virtual=demo").describe()).isEqualTo("virtual card 'demo'");
        assertThat(Eid4jConfiguration.parse("--pkcs11=/usr/lib/pkcs11/libgclib.so").describe())
                .isEqualTo("PKCS#11 module /usr/lib/pkcs11/libgclib.so");
        assertThat(Eid4jConfiguration.pkcs11Module("installed").pkcs11()).isEqualTo("installed");
        assertThat(Eid4jConfiguration.parse("--pkcs11=/usr/lib/libcryptoki.so;pkcs11.token=FINEID (PIN2)").describe())
                .isEqualTo("token 'FINEID (PIN2)' of PKCS#11 module /usr/lib/libcryptoki.so");
        assertThat(Eid4jConfiguration.parse("--reader=Virtual PCD 00 01").describe()).isEqualTo("reader 'Virtual PCD 00 01'");
        assertThat(Eid4jConfiguration.parse("--reader=1").readerIndex()).isEqualTo(1);
        assertThat(Eid4jConfiguration.parse("--reader=Virtual PCD 00 00\nprofile=fineid").describe())
                .isEqualTo("reader 'Virtual PCD 00 00' (FINEID only)");
        assertThat(Eid4jConfiguration.parse("--profile=FINEID;reader=0").describe()).isEqualTo("reader 0 (FINEID only)");
        assertThat(Eid4jConfiguration.parse("--reader=0;card.timeout=45").cardTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(Eid4jConfiguration.parse("--virtual=demo;card.timeout=500ms").cardTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(Eid4jConfiguration.parse("--virtual=demo").cardTimeout()).as("the default").isEqualTo(Duration.ofSeconds(30));
        Path file = folder.resolve("eid4j.cfg");
        Files.writeString(file, "# the demo card\nvirtual = demo\n");
        assertThat(Eid4jConfiguration.parse(file.toString()).describe()).isEqualTo("virtual card 'demo'");

        Eid4jProvider configured = new Eid4jProvider().configure("--virtual=demo");
        assertThat(configured.getName()).isEqualTo("Eid4j");
        assertThat(configured.getInfo()).endsWith("card: virtual card 'demo'");
        assertThat(new Eid4jProvider().getInfo()).endsWith("card: the first supported card");
    }

    @Test
    void aConfigurationBuiltInCodeNamesTheCardWithoutQuoting() {
        Eid4jConfiguration semicolon = Eid4jConfiguration.reader("ACME Reader; slot 2").profile("fineid").cardTimeout(Duration.ofMillis(500));
        assertThat(semicolon).hasToString("reader 'ACME Reader; slot 2' (FINEID only)");
        assertThat(semicolon.cardTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(Eid4jConfiguration.reader(1).readerIndex()).isEqualTo(1);
        assertThat(Eid4jConfiguration.firstCard().cardTimeout()).as("the default").isEqualTo(Duration.ofSeconds(30));
        assertThat(new Eid4jProvider(Eid4jConfiguration.virtualCard("demo")).getInfo()).endsWith("card: virtual card 'demo'");

        assertThatThrownBy(() -> Eid4jConfiguration.reader(-1)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("Readers are numbered from 0, not -1.");
        assertThatThrownBy(() -> Eid4jConfiguration.virtualCard(" ")).isInstanceOf(InvalidParameterException.class)
                .hasMessage("The Eid4j configuration key 'virtual' has no value.");
        assertThatThrownBy(() -> Eid4jConfiguration.firstCard().profile("belgium")).isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("There is no card profile 'belgium'; the profiles are: FINEID");
        assertThatThrownBy(() -> Eid4jConfiguration.firstCard().cardTimeout(Duration.ZERO)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("The card time limit must be above zero.");
    }

    @Test
    void badConfigurationsAreRefusedInOneSentence() {
        assertThatThrownBy(() -> Eid4jConfiguration.parse("--slot=1")).isInstanceOf(InvalidParameterException.class)
                .hasMessage("Unknown key 'slot' in the Eid4j inline configuration; the keys are reader, virtual, pkcs11, pkcs11.token, profile and card.timeout.");
        assertThatThrownBy(() -> Eid4jConfiguration.parse("--pkcs11.token=FINEID (PIN2)")).isInstanceOf(InvalidParameterException.class)
                .hasMessage("A token label needs a PKCS#11 module (pkcs11=<module>).");
        assertThatThrownBy(() -> Eid4jConfiguration.parse("--virtual=a;reader=b")).isInstanceOf(InvalidParameterException.class)
                .hasMessage("The Eid4j inline configuration names more than one of a reader, a virtual card and a PKCS#11 module; give one.");
        assertThatThrownBy(() -> Eid4jConfiguration.parse("--pkcs11=/usr/lib/pkcs11/libgclib.so;profile=FINEID"))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("A PKCS#11 module's token has no card profile; give a module or a profile, not both.");
        assertThatThrownBy(() -> Eid4jConfiguration.parse("--profile=belgium")).isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("There is no card profile 'belgium'; the profiles are: FINEID");
        assertThatThrownBy(() -> Eid4jConfiguration.parse("--virtual=demo;card.timeout=0")).isInstanceOf(InvalidParameterException.class)
                .hasMessage("The card time limit is a number of seconds above zero, such as 30 (or milliseconds, such as 500ms), not '0'.");
        assertThatThrownBy(() -> Eid4jConfiguration.parse("--virtual=")).isInstanceOf(InvalidParameterException.class)
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

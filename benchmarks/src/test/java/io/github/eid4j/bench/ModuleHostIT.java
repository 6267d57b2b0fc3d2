package io.github.eid4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PKCS#11 benchmarks measure what they claim: p11host, with the fixtures ./bench makes, gets
 * a signature that verifies from libeid4j-pkcs11.so and from SoftHSM2, with each key. Nothing is
 * timed here (./bench does that). Needs the built module and p11host (failsafe passes their
 * paths) and softhsm2-util; a missing one is a failure.
 */
class ModuleHostIT {
    @TempDir
    static Path folder;

    private static BenchHome home;

    @BeforeAll
    static void prepare() throws Exception {
        home = new BenchHome(folder);
        ModuleFixtures fixtures = new ModuleFixtures(home);
        fixtures.createCards();
        fixtures.writeEid4jConfigs();
        fixtures.createSofthsmTokens();
    }

    @ParameterizedTest
    @CsvSource({"eid4j, ec-p384", "eid4j, rsa-2048", "softhsm2, ec-p384", "softhsm2, rsa-2048"})
    void signsOnceWithAVerifyingSignature(String moduleName, String keyName) throws Exception {
        Pkcs11Module module = Pkcs11Module.named(moduleName);
        BenchKey key = BenchKey.named(keyName);
        try (ModuleHost host = ModuleHost.start(home.host(), module.environment(home, key))) {
            host.load(module.library(home));
            host.open(module.tokenLabel(key));
            host.login(BenchKey.ID, BenchKey.pin());
            host.input(key.mechanism(), key.input());
            host.sign();
            assertThat(key.verifies(home, host.signature())).as("%s's signature with %s verifies", moduleName, keyName).isTrue();
            assertThat(host.memory().rssKiB()).isPositive();
            host.finish();
        }
    }
}

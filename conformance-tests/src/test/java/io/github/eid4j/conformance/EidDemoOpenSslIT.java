package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.cli.Eid;
import io.github.eid4j.testing.ProgramRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** An independent client agrees with `eid demo`: OpenSSL checks the CMS signature the demo made over its document. */
class EidDemoOpenSslIT {
    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"fineid", "luxembourg"})
    void openSslVerifiesTheDemosSignature(String card) throws Exception {
        ProgramRun.of(JavaMain.command(Eid.class, "demo", "--card", card)).with(Map.of("EID4J_HOME", home.toString())).run().ok();
        Path document = home.resolve("demo/document.txt");
        ProgramRun.Result openssl = ProgramRun.of("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", document + ".p7s",
                "-content", document.toString(), "-noverify", "-out", "/dev/null").run().ok();
        assertThat(openssl.all()).contains("Verification successful");
    }
}

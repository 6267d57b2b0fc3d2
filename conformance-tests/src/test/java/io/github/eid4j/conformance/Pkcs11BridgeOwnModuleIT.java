package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eid --pkcs11} on our own libeid4j-pkcs11.so with its virtual FINEID v4 card: a bridge to
 * a module that is itself eid4j, reached only through its C_GetFunctionList (the one symbol it
 * exports), as any C application reaches it.
 */
class Pkcs11BridgeOwnModuleIT {
    @TempDir
    Path dir;

    private ProgramRun.Result eid(Map<String, String> environment, String input, String... args) throws Exception {
        return JavaMain.eid(dir.resolve("eid-home"), environment, input, args);
    }

    private void opensslVerifies(Path document) throws Exception {
        ProgramRun.of(Programs.find("openssl"), "cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", document + ".p7s",
                "-content", document.toString(), "-out", dir.resolve("out").toString()).run().ok();
    }

    @Test
    void ourOwnModuleBridgedShowsTheVirtualCardAndSignsWithPin1() throws Exception {
        Map<String, String> environment = Map.of("EID4J_PKCS11_CONF", Fixture.v4AndV3Config(dir).toString());
        String module = Fixture.module().toString();
        String status = eid(environment, "", "status", "--pkcs11", module).ok().out();
        // The module shows one token per PIN of a card, named after the holder, the PIN and the card
        // ("Maija Meikäläinen (PIN1) #8722"); the bridge takes the first, PIN1's, with the authentication key.
        Matcher token = Pattern.compile("in token '([^']*\\(PIN1\\)[^']*)' of PKCS#11 module " + Pattern.quote(module)).matcher(status);
        assertThat(token.find()).as(status).isTrue();
        String pin1Token = token.group(1);
        String pin2Token = pin1Token.replace("(PIN1)", "(PIN2)");
        assertThat(status).contains("authentication key (EC 384 bits, PIN): CN=Meikäläinen Maija").contains("CA: CN=eid4j TEST Root CA");
        Path document = Files.writeString(dir.resolve("document.txt"), "Allekirjoitettava asiakirja\n");
        assertThat(eid(environment, "1234\n", "sign", "--pkcs11", module, "--key", "authentication", document.toString()).ok().out())
                .contains("as Maija Meikäläinen");
        opensslVerifies(document);

        // The signature key is on PIN2's token; --pkcs11-token takes it, and a token the module lacks is named with those it has.
        Files.delete(Path.of(document + ".p7s"));
        assertThat(eid(environment, "123456\n", "sign", "--pkcs11", module, "--pkcs11-token", pin2Token, document.toString()).ok().out())
                .contains("as Maija Meikäläinen");
        opensslVerifies(document);
        ProgramRun.Result missing = eid(environment, "", "status", "--pkcs11", module, "--pkcs11-token", "FINEID (PIN3)");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.out()).contains("eid: The PKCS#11 module " + module + " has no token 'FINEID (PIN3)'; its tokens: '" + pin1Token
                + "', '" + pin2Token + "'");
    }
}

package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens that go and come while a program runs, on SoftHSM2, which answers C_WaitForSlotEvent
 * with CKR_FUNCTION_NOT_SUPPORTED, so the bridge polls its slots: a token deleted with SoftHSM's
 * own tool is a removed card, the key of a token taken away is the provider's
 * CardRemovedException with the sentence our own drivers give, and the token put back signs
 * again in the same program. Each runs in a program of its own ({@link TokenComesAndGoes}).
 */
class Pkcs11BridgeSlotEventsIT {
    private static final String SECOND = "eid4j-second";

    @BeforeEach
    void token() throws Exception {
        SoftHsmToken.create();
        Programs.find("softhsm2-util");
    }

    @Test
    void aTokenDeletedWithSoftHsmsToolIsARemovedCardAndOneMadeAgainIsOpenedWithoutARestart() throws Exception {
        ProgramRun.of(Programs.find("softhsm2-util"), "--init-token", "--free", "--label", SECOND, "--so-pin", SoftHsmToken.SO_PIN,
                "--pin", SoftHsmToken.PIN).with(SoftHsmToken.environment()).within(Duration.ofSeconds(60)).run().ok();
        String out = run("token", SoftHsmToken.module(), SECOND);
        assertThat(out).isEqualTo("opened: tries left unknown\n"
                + "deleted: CARD_REMOVED The token '" + SECOND + "' of PKCS#11 module " + SoftHsmToken.module() + " was removed.\n"
                + "made again: tries left unknown\n");
    }

    @Test
    void theKeyOfATokenTakenAwayIsTheProvidersRemovedCardAndSignsAgainWhenTheTokenIsBack() throws Exception {
        Path folder;
        try (var tokens = Files.list(SoftHsmToken.FOLDER.resolve("tokens"))) {
            folder = tokens.findFirst().orElseThrow();
        }
        String out = run("provider", SoftHsmToken.module(), folder.toString());
        assertThat(out).matches("signed: true\n"
                + "taken away: CardRemovedException The card this key belongs to \\(PKCS#11 card [0-9a-f]+\\) is not in the reader;"
                + " insert it and try again\\.\n"
                + "put back: true\n");
    }

    private static String run(String... args) throws Exception {
        return ProgramRun.of(JavaMain.command(TokenComesAndGoes.class, args)).with(SoftHsmToken.environment())
                .within(Duration.ofSeconds(120)).run().ok().out();
    }
}

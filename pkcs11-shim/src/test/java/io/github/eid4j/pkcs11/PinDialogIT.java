package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.card.luxembourg.LuxembourgVirtualCard;
import io.github.eid4j.testing.ProgramRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module's own PIN dialog (the protected authentication path), driven as a user does: OpenSC's
 * pkcs11-tool logs in with a NULL PIN, the window appears on an Xvfb display and xdotool types into
 * it. What the window says is read from its description on stderr (the module passes it on with
 * {@code debug = true}). Slot 0 is PIN1 of a FINEID v4 card, slot 2 PIN1 of a card a test blocks.
 */
class PinDialogIT {
    private static final String SHOWS = "eid4j PIN shows:";

    @TempDir
    static Path dir;
    static Path module;
    static XDisplay display;

    @BeforeAll
    static void moduleAndDisplay() throws Exception {
        Path home = dir.resolve("home");
        Fixture.createCards(home, "card", "fineid-v4", "blocked", "fineid-v4", "lux", "luxembourg", "browser", "fineid-v4");
        Path folder = Files.createDirectories(dir.resolve("module"));
        module = Files.copy(Fixture.module(), folder.resolve("libeid4j-pkcs11.so"), StandardCopyOption.REPLACE_EXISTING);
        Fixture.writeConfig(folder.resolve(Fixture.EID4J_CONF), home, List.of("card", "blocked"), "debug = true");
        Fixture.writeConfig(dir.resolve("quick.conf"), home, List.of("card"), "debug = true", "pin.dialog.timeout = 3");
        Fixture.writeConfig(dir.resolve("lux.conf"), home, List.of("lux"), "debug = true");
        Fixture.writeConfig(dir.resolve("browser.conf"), home, List.of("browser"), "debug = true");
        display = XDisplay.start();
    }

    @AfterAll
    static void stopDisplay() {
        if (display != null) {
            display.close();
        }
    }

    private static Map<String, String> withDisplay() {
        return Map.of("DISPLAY", display.name(), "XDG_CONFIG_HOME", dir.toString());
    }

    @Test
    void tokensHaveTheProtectedPathOnlyWhereTheDialogCanBeShown() throws Exception {
        String shown = ProgramRun.of("pkcs11-tool", "--module", module.toString(), "-T").with(withDisplay()).run().ok().out();
        assertThat(shown).contains("PIN pad present");
        Map<String, String> noDisplay = Map.of("DISPLAY", "", "XDG_CONFIG_HOME", dir.toString());
        String headless = ProgramRun.of("pkcs11-tool", "--module", module.toString(), "-T").with(noDisplay).run().ok().out();
        assertThat(headless).contains("login required").doesNotContain("PIN pad present");
        // There the application asks, as before.
        assertThat(ProgramRun.of("pkcs11-tool", "--module", module.toString(), "--slot", "0", "--login", "--pin", "1234",
                "--list-objects", "--type", "privkey").with(noDisplay).run().ok().out()).contains("ID:         45");
    }

    @Test
    void aWrongPinIsToldWithTheTriesLeftAndTheRightOneLogsIn() throws Exception {
        try (Interactive login = Interactive.start(display, withDisplay(), "pkcs11-tool", "--module", module.toString(),
                "--slot", "0", "--login", "--list-objects", "--type", "privkey")) {
            assertThat(login.awaitErr(SHOWS)).contains("[FINEID v4.0 \u2013 ").contains("[Enter PIN1 (authentication), 5 tries left.]")
                    .contains("[4 to 8 digits]");
            display.type("8642");
            assertThat(login.awaitErr("Wrong PIN1")).contains("[Wrong PIN1: 4 tries left before it is blocked.]")
                    .contains("[Enter PIN1 (authentication), 4 tries left.]");
            display.type("1234");
            assertThat(login.exit()).isZero();
            assertThat(login.out()).contains("ID:         45");
            assertThat(login.err()).as("one window, asked twice").containsOnlyOnce("[Wrong PIN1").contains(SHOWS);
            // Neither PIN is shown; the card's name is left out of the check, as the holder's
            // random serial number may hold the same digits ("99991473C").
            assertThat(login.err().replaceAll("\\[FINEID v4\\.0 \u2013 [^\\]]*\\]", "")).as("no PIN shown")
                    .doesNotContain("1234").doesNotContain("8642");
        }
        // The right PIN gave the card its tries back: no warning left on the token.
        assertThat(ProgramRun.of("pkcs11-tool", "--module", module.toString(), "-T").with(withDisplay()).run().ok().out())
                .doesNotContain("count low");
    }

    /**
     * The module for browsers, where its dialog can be shown, asks for the PIN when its key first
     * signs: its token needs no login (Chromium would ask in its own window first, and NSS then
     * drop that PIN), its key is found without one, and a wrong PIN is asked again in the same
     * signature, each try spent once. Without a display the token needs a login, as before.
     */
    @Test
    void theBrowsersModuleAsksThePinWhenItsKeyFirstSigns() throws Exception {
        Path browsers = Fixture.dist().resolve("libeid4j-pkcs11-login.so");
        Map<String, String> env = new java.util.HashMap<>(withDisplay());
        env.put("EID4J_PKCS11_CONF", dir.resolve("browser.conf").toString());
        assertThat(ProgramRun.of("pkcs11-tool", "--module", browsers.toString(), "-T").with(env).run().ok().out())
                .doesNotContain("login required").doesNotContain("PIN pad present");
        Path data = Files.writeString(dir.resolve("to-sign.txt"), "a TLS handshake");
        Path signature = dir.resolve("signature.bin");
        try (Interactive sign = Interactive.start(display, env, "pkcs11-tool", "--module", browsers.toString(), "--slot", "0",
                "--sign", "--id", "45", "-m", "ECDSA-SHA256", "-i", data.toString(), "-o", signature.toString())) {
            assertThat(sign.awaitErr(SHOWS)).contains("[Enter PIN1 (authentication), 5 tries left.]");
            display.type("8642");
            assertThat(sign.awaitErr("Wrong PIN1")).contains("[Wrong PIN1: 4 tries left before it is blocked.]")
                    .contains("[Enter PIN1 (authentication), 4 tries left.]");
            display.type("1234");
            assertThat(sign.exit()).as(sign.err()).isZero();
            assertThat(sign.err()).as("asked twice, the wrong PIN told once").containsOnlyOnce("[Wrong PIN1");
            assertThat(sign.err().split(SHOWS, -1)).as("the dialog's requests").hasSize(3);
            assertThat(Files.size(signature)).isPositive();
        }
        Map<String, String> noDisplay = new java.util.HashMap<>(env);
        noDisplay.put("DISPLAY", "");
        assertThat(ProgramRun.of("pkcs11-tool", "--module", browsers.toString(), "-T").with(noDisplay).run().ok().out())
                .contains("login required");
    }

    @Test
    void cancelIsFunctionCanceled() throws Exception {
        try (Interactive login = Interactive.start(display, withDisplay(), "pkcs11-tool", "--module", module.toString(),
                "--slot", "0", "--login", "--list-objects", "--type", "privkey")) {
            login.awaitErr(SHOWS);
            display.key("Escape");
            assertThat(login.exit()).isNotZero();
            assertThat(login.err()).contains("CKR_FUNCTION_CANCELED");
        }
    }

    @Test
    void theDialogGivesUpBeforeTheBrowserDoes() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(withDisplay());
        env.put("EID4J_PKCS11_CONF", dir.resolve("quick.conf").toString());
        try (Interactive login = Interactive.start(display, env, "pkcs11-tool", "--module", module.toString(),
                "--slot", "0", "--login", "--list-objects", "--type", "privkey")) {
            login.awaitErr(SHOWS);
            long start = System.nanoTime();
            assertThat(login.exit()).isNotZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(login.err()).contains("CKR_FUNCTION_CANCELED").contains("within the PIN dialog's time limit");
        }
    }

    @Test
    void aBlockedPinIsToldWithWhatToDo() throws Exception {
        for (int i = 0; i < 5; i++) { // the application's own PIN, wrong every time: PIN1 blocks
            ProgramRun.of("pkcs11-tool", "--module", module.toString(), "--slot", "2", "--login", "--pin", "0000", "--list-objects")
                    .with(withDisplay()).run();
        }
        try (Interactive login = Interactive.start(display, withDisplay(), "pkcs11-tool", "--module", module.toString(),
                "--slot", "2", "--login", "--list-objects")) {
            String shown = login.awaitErr(SHOWS);
            assertThat(shown).contains("blocked").contains("PUK");
            display.key("Escape");
            assertThat(login.exit()).isNotZero();
            assertThat(login.err()).contains("CKR_PIN_LOCKED").containsOnlyOnce(SHOWS);
        }
    }

    @Test
    void theLuxembourgCardsCanIsAskedInTheDialog() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(withDisplay());
        env.put("EID4J_PKCS11_CONF", dir.resolve("lux.conf").toString());
        try (Interactive list = Interactive.start(display, env, "pkcs11-tool", "--module", module.toString(), "-T")) {
            assertThat(list.awaitErr(SHOWS)).contains("[Enter CAN, the 6-digit number printed on the front of your card.]");
            display.type(LuxembourgVirtualCard.TEST_CAN);
            assertThat(list.exit()).isZero();
            assertThat(list.out()).contains("token model        : Luxembourg eID").contains("PIN pad present");
        }
    }
}

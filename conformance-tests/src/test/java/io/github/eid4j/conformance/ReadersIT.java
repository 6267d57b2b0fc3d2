package io.github.eid4j.conformance;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.PORT_1;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static io.github.eid4j.testing.Pcscd.READER_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.card.RememberedCans;
import io.github.eid4j.card.luxembourg.LuxembourgVirtualCard;
import io.github.eid4j.pkcs11.Fixture;
import io.github.eid4j.testing.Interactive;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.ProgramRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module with PC/SC readers as slots: virtual FINEID cards served into pcscd through vpcd
 * (readers "Virtual PCD 00 00", slots 0 and 1, and "Virtual PCD 00 01", slots 2 and 3), driven
 * by pkcs11-tool and checked with openssl; and cards inserted and removed while pkcs11-tool waits
 * in C_WaitForSlotEvent.
 */
class ReadersIT extends PcscdTest {
    private static final String PIN1 = FineidVirtualCard.TEST_PIN1;
    private static final String PIN2 = FineidVirtualCard.TEST_PIN2;
    private static final String LUX_PIN = LuxembourgVirtualCard.TEST_PIN;
    private static final byte[] DOCUMENT = "Allekirjoitettava asiakirja\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    private static Path home;
    private static Path config;
    private static Path document;

    @BeforeAll
    static void cards() throws IOException {
        home = dir.resolve("home");
        Fixture.createCards(home, "v4", "fineid-v4", "v3", "fineid-v3", "lux", "luxembourg");
        config = Fixture.writeConfig(dir.resolve("readers.conf"), home, List.of(), "readers = true");
        document = Files.write(dir.resolve("document.txt"), DOCUMENT);
    }

    /** Puts a virtual card into a vpcd reader until the test ends. */
    private void insert(String card, int port, String reader) throws IOException {
        VirtualCards.OpenCard open = closing(new VirtualCards(home).open(card));
        closing(VpcdBridge.start(open.card(), port));
        Pcscd.awaitReader(reader, r -> r.cardPresent(), "card '" + card + "'");
    }

    private static ProgramRun.Result tool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", Fixture.module().toString()));
        command.addAll(List.of(args));
        // XDG_CONFIG_HOME: where the module finds CANs remembered by 'eid --remember-can'
        return ProgramRun.of(command).with(Map.of("EID4J_PKCS11_CONF", config.toString(), "XDG_CONFIG_HOME", dir.resolve("config").toString())).in(dir).run();
    }

    private static ProgramRun.Result openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return ProgramRun.of(command).in(dir).run();
    }

    private static Path publicKey(String slot, String id) throws IOException, InterruptedException {
        Path cert = Files.createTempFile(dir, "cert", ".der");
        tool("--slot", slot, "--read-object", "--type", "cert", "--id", id, "-o", cert.toString()).ok();
        Path pem = Files.createTempFile(dir, "key", ".pem");
        openssl("x509", "-inform", "DER", "-in", cert.toString(), "-pubkey", "-noout", "-out", pem.toString()).ok();
        return pem;
    }

    @Test
    void eachReaderIsTwoSlotsAndTheCardInOneIsTwoTokens() throws Exception {
        insert("v4", PORT_0, READER_0);
        String slots = tool("-L").ok().out();
        assertThat(slots).contains("Slot 0 (0x0): " + READER_0, "Slot 1 (0x1): " + READER_0,
                "Slot 2 (0x2): " + READER_1, "Slot 3 (0x3): " + READER_1);
        assertThat(slots).containsPattern("token label        : Maija Meikäläinen \\(PIN1\\) #")
                .containsPattern("token label        : Maija Meikäläinen \\(PIN2\\) #");
        assertThat(slots.substring(slots.indexOf("Slot 2 (0x2)"))).doesNotContain("token label").contains("(empty)");
        String objects = tool("--slot", "0", "-O").ok().out();
        assertThat(objects).contains("Certificate Object", "Public Key Object; EC").doesNotContain("Private Key Object");
    }

    @Test
    void bothKeysSignThroughPcscdAndOpensslVerifies() throws Exception {
        insert("v4", PORT_1, READER_1);
        Path signature = dir.resolve("auth.sig");
        tool("--slot", "2", "--login", "--pin", PIN1, "--sign", "--id", "45", "-m", "ECDSA-SHA384", "-i", document.toString(),
                "-o", signature.toString(), "--signature-format", "openssl").ok();
        assertThat(openssl("dgst", "-sha384", "-verify", publicKey("2", "45").toString(), "-signature", signature.toString(),
                document.toString()).ok().out()).contains("Verified OK");
        // The signature key: pkcs11-tool logs in with PIN2 again (CKU_CONTEXT_SPECIFIC) after C_SignInit.
        Path signed = dir.resolve("sign.sig");
        tool("--slot", "3", "--login", "--pin", PIN2, "--sign", "--id", "46", "-m", "ECDSA-SHA256", "-i", document.toString(),
                "-o", signed.toString(), "--signature-format", "openssl").ok();
        assertThat(openssl("dgst", "-sha256", "-verify", publicKey("3", "46").toString(), "-signature", signed.toString(),
                document.toString()).ok().out()).contains("Verified OK");
    }

    @Test
    void theRsaCardPassesPkcs11ToolsTestThroughPcscd() throws Exception {
        insert("v3", PORT_0, READER_0);
        String out = tool("--slot", "0", "--login", "--pin", PIN1, "--test").ok().all();
        assertThat(out).contains("all 4 signature functions seem to work", "SHA256-RSA-PKCS: OK", "No errors");
    }

    /**
     * The Luxembourg eID through pcscd: one token for its one PIN, holding both keys; the
     * signature key carries CKA_ALWAYS_AUTHENTICATE, so pkcs11-tool logs in again for its
     * signature; openssl verifies both signatures with the certificates read through the module.
     */
    @Test
    void theLuxembourgCardIsOneTokenAndBothKeysSignThroughPcscd() throws Exception {
        insert("lux", PORT_0, READER_0);
        ProgramRun.Result unknownCan = tool("-L").ok();
        assertThat(unknownCan.out()).as("no token without the CAN").doesNotContain("(PIN) #");
        assertThat(unknownCan.all()).contains("eid4j-pkcs11: The card in reader '" + READER_0 + "' opens only with its CAN");
        new RememberedCans(dir.resolve("config/eid4j/can.properties"))
                .remember("reader '" + READER_0 + "'", LuxembourgVirtualCard.TEST_CAN.toCharArray());
        String slots = tool("-L").ok().out();
        String reader0 = slots.substring(slots.indexOf("Slot 0 (0x0)"), slots.indexOf("Slot 2 (0x2)"));
        assertThat(reader0).containsPattern("token label        : Marie Schmit \\(PIN\\) #\\w{4}")
                .contains("Slot 0 (0x0): " + READER_0 + " (Luxembourg eID");
        assertThat(reader0.split("token label", -1)).as("one token for the one PIN").hasSize(2);
        String objects = tool("--slot", "0", "--login", "--pin", LUX_PIN, "-O").ok().out();
        String signatureKey = objects.substring(objects.indexOf("Private Key Object", objects.indexOf("Private Key Object") + 1));
        assertThat(objects.substring(objects.indexOf("Private Key Object"))).contains("ID:         01");
        assertThat(signatureKey).contains("ID:         02").contains("always authenticate");
        for (String id : List.of("01", "02")) {
            Path signature = dir.resolve("lux-" + id + ".sig");
            tool("--slot", "0", "--login", "--pin", LUX_PIN, "--sign", "--id", id, "-m", "SHA256-RSA-PKCS", "-i", document.toString(),
                    "-o", signature.toString()).ok();
            assertThat(openssl("dgst", "-sha256", "-verify", publicKey("0", id).toString(), "-signature", signature.toString(),
                    document.toString()).ok().out()).as("key " + id).contains("Verified OK");
        }
    }

    /**
     * Threads racing to C_Initialize while the module starts following pcscd, each then listing
     * the slots with a token and reading the first one's token info (a card exchange).
     */
    @Test
    void threadsRacingToInitializeSeeTheCardInTheReader() throws Exception {
        insert("v3", PORT_0, READER_0);
        String all = tool("--test-threads", "ILSLT0", "--test-threads", "INSLT0", "--test-threads", "ILSLT0", "-L").ok().all();
        // One thread starts the module; the other two and pkcs11-tool's main thread are told it is started.
        assertThat(all.split("CKR_CRYPTOKI_ALREADY_INITIALIZED", -1).length - 1).as(all).isEqualTo(3);
        assertThat(all.split("l_p11_num_slots:2", -1).length - 1).as("each thread sees the card's two tokens").isEqualTo(6);
        assertThat(all).doesNotContain("rv:CKR_GENERAL_ERROR", "returned CKR_CRYPTOKI_NOT_INITIALIZED")
                .contains("token model        : FINEID v3.1");
    }

    /**
     * pkcs11-tool --test-hotplug waits in C_WaitForSlotEvent and lists the slots after each event:
     * the card's tokens appear when it is inserted and are gone when it is removed.
     */
    @Test
    void slotEventsFollowInsertionAndRemoval() throws Exception {
        try (Interactive hotplug = new Interactive(dir, Map.of("EID4J_PKCS11_CONF", config.toString()),
                "pkcs11-tool", "--module", Fixture.module().toString(), "--test-hotplug")) {
            hotplug.await("Testing card detection using C_GetSlotList()");
            hotplug.send("x"); // on to the C_WaitForSlotEvent() part
            hotplug.await("Testing card detection using C_WaitForSlotEvent()");
            int mark = hotplug.mark();
            hotplug.send("");
            VirtualCards.OpenCard open = closing(new VirtualCards(home).open("v4"));
            VpcdBridge bridge = closing(VpcdBridge.start(open.card(), PORT_0));
            String listed = hotplug.awaitAfter(mark, "Please press return");
            assertThat(listed).containsPattern("event on slot 0x[01]\n").containsPattern("token label        : Maija Meikäläinen \\(PIN1\\) #");

            // The insertion was an event on both of the reader's slots, and pkcs11-tool takes one at a
            // time: it may see the token once more before it sees the removal.
            bridge.close();
            for (int event = 0; event < 3 && listed.contains("token label"); event++) {
                mark = hotplug.mark();
                hotplug.send("");
                listed = hotplug.awaitAfter(mark, "Please press return");
                assertThat(listed).containsPattern("event on slot 0x[01]\n");
            }
            assertThat(listed).contains("Slot 0 (0x0): " + READER_0 + "\n  (empty)");
            hotplug.send("x");
            // With no token left, pkcs11-tool has nothing to use after its test: it says so and exits 1.
            assertThat(hotplug.exit()).isEqualTo(1);
            assertThat(hotplug.await("No slot with a token was found.")).doesNotContain("CKR_");
        }
    }
}

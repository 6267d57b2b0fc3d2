package io.github.eid4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.pcsc.PcscReader;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.testing.CorruptSignatureCard;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.testing.SilentCard;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.BufferedReader;
import io.github.eid4j.card.pki.TestPkiHome;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eid command as a separate process, as a user runs it, with EID4J_HOME pointing at a fresh
 * folder, against the pcscd that ./test starts (vpcd readers "Virtual PCD 00 00" and "00 01").
 */
class EidCommandIT {
    @TempDir
    Path home;

    private final int pkiPort = freePort();

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Run(int exit, String out) {
    }

    private ProcessBuilder eid(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Eid.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("EID4J_HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString()); // where remembered CANs go
        pb.environment().put(TestPkiHome.PORT_VARIABLE, Integer.toString(pkiPort)); // the cards' CAs answer here, not on a port other runs share
        return pb;
    }

    private Run run(String... args) throws IOException, InterruptedException {
        Process p = eid(args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static String readerLine(String readers, String name) {
        for (String line : readers.split("\n")) {
            if (line.contains(name)) {
                return line;
            }
        }
        throw new AssertionError("eid readers does not list " + name + ":\n" + readers);
    }

    @Test
    void createServeSeeAndRemoveAVirtualCard() throws Exception {
        Run created = run("virtual", "create", "--profile", "iso-test", "alice");
        assertThat(created.exit()).as(created.out()).isZero();
        assertThat(created.out()).contains("Created virtual card 'alice' (iso-test)").containsPattern("PUK: [0-9]{8}")
                .contains("as safe as a PKCS#12 file");
        Path folder = home.resolve("cards/alice");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(run("virtual", "list").out()).contains("alice").contains("iso-test: generic ISO 7816 test card");

        Run before = run("readers");
        assertThat(before.exit()).as(before.out()).isZero();
        assertThat(readerLine(before.out(), "Virtual PCD 00 00")).endsWith("no card");

        Process serve = eid("virtual", "serve", "alice").start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            assertThat(first).startsWith("Serving 'alice' on vpcd slot 0").contains("inserted in reader \"Virtual PCD 00 00\"");
            String present = awaitReaders("Virtual PCD 00 00", "card present");
            assertThat(present).contains("ATR 3B 8A 80 01");

            Run second = run("virtual", "serve", "alice");
            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.out().strip()).isEqualTo("eid: The virtual card at " + folder + " is in use by another program.");
        } finally {
            serve.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook removes the card
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(awaitReaders("Virtual PCD 00 00", "no card")).endsWith("no card");

        Run deleted = run("virtual", "delete", "alice");
        assertThat(deleted.exit()).as(deleted.out()).isZero();
        assertThat(folder).doesNotExist();
    }

    @Test
    void twoCardsAtOnceOnSeparateSlots() throws Exception {
        assertThat(run("virtual", "create", "--profile", "iso-test", "--activated", "one").exit()).isZero();
        assertThat(run("virtual", "create", "--profile", "iso-test", "--activated", "two").exit()).isZero();
        Process serve = eid("virtual", "serve", "one", "two").start();
        try {
            awaitReaders("Virtual PCD 00 00", "card present");
            awaitReaders("Virtual PCD 00 01", "card present");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        awaitReaders("Virtual PCD 00 00", "no card");
        awaitReaders("Virtual PCD 00 01", "no card");
    }

    /**
     * vpcd's slot 10 is reader "Virtual PCD 00 0A" (pcsc-lite writes the slot number in hex). A
     * stand-in for vpcd listens on that slot's port, so the bridge connects and eid names the reader.
     */
    @Test
    void serveNamesTheReaderOfAHighSlotAsPcscLiteDoes() throws Exception {
        assertThat(run("virtual", "create", "--profile", "iso-test", "--activated", "ten").exit()).isZero();
        try (java.net.ServerSocket vpcd = new java.net.ServerSocket(VpcdBridge.portOfSlot(10), 1,
                java.net.InetAddress.getByName(VpcdBridge.DEFAULT_HOST))) {
            Process serve = eid("virtual", "serve", "--slot", "10", "ten").start();
            try (java.net.Socket bridge = vpcd.accept()) {
                String first = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)).readLine();
                assertThat(first).isEqualTo("Serving 'ten' on vpcd slot 10 (127.0.0.1:" + VpcdBridge.portOfSlot(10)
                        + "), inserted in reader \"Virtual PCD 00 0A\".");
            } finally {
                serve.destroy();
                assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private Run runWithInput(String input, String... args) throws IOException, InterruptedException {
        Process p = eid(args).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** The acceptance path: create, serve in one process, and status, activate, change-pin pin2 from another. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"fineid-v4", "fineid-v3"})
    void fineidCardThroughPcscdAsANewUserUsesIt(String profile) throws Exception {
        Run created = run("virtual", "create", "--profile", profile, "demo");
        assertThat(created.exit()).as(created.out()).isZero();
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("Activation code: ([0-9]{8})").matcher(created.out());
        assertThat(code.find()).as(created.out()).isTrue();
        Process serve = eid("virtual", "serve", "demo").start();
        try {
            awaitReaders("Virtual PCD 00 00", "card present");
            Run status = run("status");
            assertThat(status.exit()).as(status.out()).isZero();
            assertThat(status.out()).contains("Card: FINEID v" + (profile.endsWith("v4") ? "4.0" : "3.1"))
                    .contains("in reader 'Virtual PCD 00 00'")
                    .contains("PIN1 (authentication): not activated")
                    .contains("SERIALNUMBER=999").contains("SURNAME=Meikäläinen")
                    .contains("CA: CN=eid4j TEST Root CA")
                    .contains("The card is not activated yet");
            assertThat(status.out()).as("the card's CAs answer while 'eid virtual serve' runs").contains("status: good (OCSP)");

            Run mismatch = runWithInput(code.group(1) + "\n1234\n1235\n", "activate");
            assertThat(mismatch.exit()).isEqualTo(1);
            assertThat(mismatch.out()).contains("eid: The two new PIN1 entries differ; nothing was changed.");

            Run activated = runWithInput(code.group(1) + "\n1234\n1234\n123456\n123456\n", "activate");
            assertThat(activated.exit()).as(activated.out()).isZero();
            assertThat(activated.out()).contains("The card is activated: PIN1 and PIN2 are set.").doesNotContain("123456\n");

            Run changed = runWithInput("123456\n654321\n654321\n", "change-pin", "pin2");
            assertThat(changed.exit()).as(changed.out()).isZero();
            assertThat(changed.out()).contains("PIN2 is changed.");

            Run wrong = runWithInput("123456\n111111\n111111\n", "change-pin", "pin2");
            assertThat(wrong.exit()).isEqualTo(1);
            assertThat(wrong.out()).contains("eid: Wrong PIN2: 4 tries left before it is blocked.").doesNotContain("Exception");

            Run after = run("status");
            assertThat(after.out()).contains("PIN1 (authentication): 5 of 5 tries left").contains("PIN2 (signature): 4 of 5 tries left");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        awaitReaders("Virtual PCD 00 00", "no card");
        // The state was written through to the card's folder.
        Run offline = run("status", "--virtual", "demo");
        assertThat(offline.out()).contains("PIN2 (signature): 4 of 5 tries left");
    }

    /**
     * The Luxembourg eID as CTIE sends it, through pcscd: status, certs, the letter's PIN refused
     * for a signature until it is changed, change-pin with it, sign and verify, then a PIN blocked
     * by wrong tries and unblocked with the letter's PUK.
     */
    @Test
    void luxembourgCardThroughPcscdFromTheLetterToASignature() throws Exception {
        Run created = run("virtual", "create", "--profile", "luxembourg", "lux");
        assertThat(created.exit()).as(created.out()).isZero();
        java.util.regex.Matcher pin = java.util.regex.Pattern.compile("  PIN: ([0-9]{6})\n").matcher(created.out());
        java.util.regex.Matcher puk = java.util.regex.Pattern.compile("  PUK: ([0-9]{8})\n").matcher(created.out());
        Matcher can = Pattern.compile("  CAN \\(printed on the card\\): ([0-9]{6})\n").matcher(created.out());
        assertThat(pin.find() && puk.find() && can.find()).as(created.out()).isTrue();
        Path document = home.resolve("contract.txt");
        Files.writeString(document, "Kontrakt\n");
        Path remembered = home.resolve("config/eid4j/can.properties");
        Process serve = eid("virtual", "serve", "lux").start();
        try {
            awaitReaders("Virtual PCD 00 00", "card present");
            Run wrongCan = runWithInput((can.group(1).equals("000000") ? "111111" : "000000") + "\n", "status");
            assertThat(wrongCan.exit()).isEqualTo(1);
            assertThat(wrongCan.out()).contains("CAN, the 6-digit number printed on the front of your card: (reading from standard input)")
                    .contains("eid: Wrong CAN: check the 6-digit number printed on the front of your card.");
            Run noCan = runWithInput("", "status");
            assertThat(noCan.exit()).isEqualTo(1);
            assertThat(noCan.out()).contains("opens only with its CAN");

            Run status = runWithInput(can.group(1) + "\n", "status", "--remember-can");
            assertThat(Files.getPosixFilePermissions(remembered)).as("the remembered CAN is the user's alone")
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            assertThat(status.out()).contains("Remembered the CAN for reader 'Virtual PCD 00 00'").doesNotContain(can.group(1));
            assertThat(status.exit()).as(status.out()).isZero();
            assertThat(status.out()).contains("Card: Luxembourg eID IAS Classic").contains("in reader 'Virtual PCD 00 00'")
                    .contains("authentication key (RSA 2048 bits, PIN): ").contains("signature key (RSA 2048 bits, PIN): ")
                    .contains("CN=Marie Schmit, C=LU")
                    .contains("CA: CN=eid4j TEST Global Qualified CA 3").contains("CA: CN=eid4j TEST Global Root 2")
                    .contains("PIN (authentication and signature): the PIN from your letter, to be changed before first use")
                    .contains("PUK (unblocking): 3 of 3 tries left")
                    .contains("You must change the PIN from your letter before you can use the card. Run 'eid change-pin'.");
            Path exported = home.resolve("certs");
            Run certs = run("certs", "--export", exported.toString());
            assertThat(certs.exit()).as(certs.out()).isZero();
            try (var files = Files.list(exported)) {
                assertThat(files.count()).as(certs.out()).isGreaterThanOrEqualTo(2);
            }

            Run early = runWithInput(pin.group(1) + "\n", "sign", document.toString());
            assertThat(early.exit()).isEqualTo(1);
            assertThat(early.out().strip()).isEqualTo("eid: You must change the PIN from your letter before you can use the card.");
            assertThat(Path.of(document + ".p7s")).doesNotExist();

            Run changed = runWithInput(pin.group(1) + "\n24681357\n24681357\n", "change-pin");
            assertThat(changed.exit()).as(changed.out()).isZero();
            assertThat(changed.out()).contains("PIN is changed.").doesNotContain("24681357");

            Run signed = runWithInput("24681357\n", "sign", document.toString());
            assertThat(signed.exit()).as(signed.out()).isZero();
            assertThat(signed.out()).contains("Signed " + document + " as Marie Schmit");
            Run verified = run("verify", document.toString(), document + ".p7s");
            assertThat(verified.exit()).as(verified.out()).isZero();
            assertThat(verified.out()).startsWith("The signature is valid: " + document + " was signed by Marie Schmit");

            for (int left = 2; left >= 1; left--) {
                Run wrong = runWithInput("000000\n", "sign", document.toString(), "-o", home.resolve("wrong.p7s").toString());
                assertThat(wrong.out()).contains("eid: Wrong PIN: " + left + (left == 1 ? " try" : " tries") + " left before it is blocked.");
            }
            Run blocked = runWithInput("000000\n", "sign", document.toString(), "-o", home.resolve("wrong.p7s").toString());
            assertThat(blocked.out()).contains("eid: PIN is blocked; unblock it with 'eid unblock' and the PUK from your letter.");
            Run unblocked = runWithInput(puk.group(1) + "\n13572468\n13572468\n", "unblock");
            assertThat(unblocked.exit()).as(unblocked.out()).isZero();
            assertThat(unblocked.out()).contains("PIN is unblocked and set to the new value.");
            assertThat(runWithInput("13572468\n", "sign", document.toString(), "-o", home.resolve("again.p7s").toString()).exit()).isZero();

            Run forgot = run("can", "forget");
            assertThat(forgot.out()).contains("Forgot the remembered CANs");
            assertThat(remembered).doesNotExist();
            assertThat(runWithInput("", "status").out()).as("forgotten: the CAN is asked again").contains("opens only with its CAN");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        awaitReaders("Virtual PCD 00 00", "no card");
    }

    @Test
    void demoRunsTheMainJobWithoutPcscdOrNetwork() throws Exception {
        Run demo = run("demo");
        assertThat(demo.exit()).as(demo.out()).isZero();
        assertThat(demo.out())
                .contains("Created a virtual FINEID v4 card 'eid4j-demo'")
                .contains("PIN1 (authentication): not activated")
                .contains("Activated it with the activation code")
                .contains("\"Hello, Maija Meikäläinen! You are logged in with your eID card.\"")
                .contains("The provider asked for: PIN1 (authentication), 5 tries left.")
                .contains("PIN2 asked for this signature: PIN2 (signature), 5 tries left")
                .contains("Verified it: the signature matches the document and was made by Maija Meikäläinen")
                .contains("the check fails, as it must");
        assertThat(demo.out()).as("the card's CA answers while the demo runs").contains("; status: good (OCSP)");
        Path document = home.resolve("demo/document.txt");
        Run verified = run("verify", document.toString(), document + ".p7s");
        assertThat(verified.exit()).as(verified.out()).isZero();
        // conformance-tests' EidDemoOpenSslIT has OpenSSL check the same signature.
        // Run again: the demo replaces its card and works the same.
        assertThat(run("demo").exit()).isZero();
    }


    @Test
    void demoRunsTheMainJobOnALuxembourgCard() throws Exception {
        Run demo = run("demo", "--card", "luxembourg");
        assertThat(demo.exit()).as(demo.out()).isZero();
        assertThat(demo.out())
                .contains("Created a virtual Luxembourg eID 'eid4j-demo'")
                .contains("PIN (authentication and signature): the PIN from your letter, to be changed before first use")
                .contains("Using it now says: You must change the PIN from your letter before you can use the card.")
                .contains("Changed the PIN from the letter to one of the holder's choosing (6 digits); it now guards both keys.")
                .contains("\"Hello, Marie Schmit! You are logged in with your eID card.\"")
                .contains("The provider asked for: PIN (authentication and signature), 3 tries left.")
                .contains("PIN asked for this signature: PIN (authentication and signature)")
                .contains("Verified it: the signature matches the document and was made by Marie Schmit")
                .contains("the check fails, as it must");
        Matcher can = Pattern.compile("printed on its front: ([0-9]{6})\\.").matcher(demo.out());
        assertThat(can.find()).as(demo.out()).isTrue();
        assertThat(demo.out()).contains("Opened it with the CAN (PACE): every command after that travels under secure messaging.");
        assertThat(runWithInput(can.group(1) + "\n", "status", "--virtual", "eid4j-demo").out()).contains("Card: Luxembourg eID IAS Classic");
    }

    @Test
    void signAndVerifyFromAScript() throws Exception {
        assertThat(run("virtual", "create", "--profile", "fineid-v3", "--activated", "v3").exit()).isZero();
        Path document = home.resolve("contract.txt");
        Files.writeString(document, "Sopimus\n");
        Path trace = home.resolve("sign.apdu");
        Run signed = runWithInput("123456\n", "--trace-file", trace.toString(), "sign", "--virtual", "v3", document.toString());
        assertThat(signed.exit()).as(signed.out()).isZero();
        String apdus = Files.readString(trace);
        assertThat(apdus.substring(apdus.lastIndexOf("> 00 2A 9E 9A"))).as("nothing selected again after the signature")
                .doesNotContain("> 00 A4");
        assertThat(signed.out()).contains("Signed " + document + " as Maija Meikäläinen; the signature is in " + document + ".p7s.");
        Run ok = run("verify", document.toString(), document + ".p7s");
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).startsWith("The signature is valid: " + document + " was signed by Maija Meikäläinen");
        Files.writeString(document, "Sopimus, muutettu\n");
        Run changed = run("verify", document.toString(), document + ".p7s");
        assertThat(changed.exit()).isEqualTo(1);
        assertThat(changed.out().strip()).isEqualTo(
                "eid: The signature is not valid: the signature does not match the document, which was changed or is another document.");
        Run wrongPin = runWithInput("000000\n", "sign", "--virtual", "v3", document.toString());
        assertThat(wrongPin.exit()).isEqualTo(1);
        assertThat(wrongPin.out()).contains("eid: Wrong PIN2: 4 tries left before it is blocked.").doesNotContain("Exception");
    }

    /**
     * A card in a reader that returns a wrong signature (one bit of it flipped on the way out,
     * PIN and all else real): eid says so in one sentence, exits 1, and writes nothing, neither a
     * new signature file nor over an existing one.
     */
    @Test
    void aCardThatSignsWrongGetsNothingWritten() throws Exception {
        Pcscd.requireVpcdReaders();
        VirtualCards cards = new VirtualCards(home);
        cards.create("faulty", "fineid-v4", true).wipe();
        Path document = home.resolve("contract.txt");
        Files.writeString(document, "Sopimus\n");
        Path existing = home.resolve("earlier.p7s");
        Files.writeString(existing, "an earlier signature\n");
        FileTime written = Files.getLastModifiedTime(existing);
        try (VirtualCards.OpenCard card = cards.open("faulty");
                VpcdBridge bridge = VpcdBridge.start(new CorruptSignatureCard(card.card()), Pcscd.PORT_0)) {
            Pcscd.awaitReader(Pcscd.READER_0, PcscReader::cardPresent, "the faulty card inserted");
            String refused = "eid: The card returned a signature that does not verify with its certificate; nothing was written.";

            Run signed = runWithInput("123456\n", "sign", "--reader", Pcscd.READER_0, document.toString());
            assertThat(signed.exit()).as(signed.out()).isEqualTo(1);
            assertThat(signed.out()).contains(refused).doesNotContain("Signed").doesNotContain("Exception");
            assertThat(Path.of(document + ".p7s")).doesNotExist();

            Run over = runWithInput("123456\n", "sign", "--reader", Pcscd.READER_0, document.toString(), "-o", existing.toString());
            assertThat(over.exit()).as(over.out()).isEqualTo(1);
            assertThat(over.out()).contains(refused);
            assertThat(existing).hasContent("an earlier signature");
            assertThat(Files.getLastModifiedTime(existing)).isEqualTo(written);
            try (var leftovers = Files.list(home)) {
                // pki: the home's test CAs, made with its first virtual card
                assertThat(leftovers.map(p -> p.getFileName().toString())).as("no temporary file is left")
                        .containsExactlyInAnyOrder("cards", "pki", "contract.txt", "earlier.p7s");
            }
        }
        Pcscd.awaitReader(Pcscd.READER_0, r -> !r.cardPresent(), "the faulty card removed");
    }

    /**
     * A card that stops answering (it keeps its vpcd connection, so pcscd waits for it): 'eid
     * status' on its reader says so in one sentence within the time limit instead of hanging, and
     * the first card found is then the one in the other reader, which answers all the while.
     */
    @Test
    void aCardThatStopsAnsweringIsReportedWithinTheTimeLimit() throws Exception {
        assertThat(run("virtual", "create", "--profile", "fineid-v4", "--activated", "silent").exit()).isZero();
        assertThat(run("virtual", "create", "--profile", "fineid-v3", "--activated", "other").exit()).isZero();
        VirtualCards cards = new VirtualCards(home);
        try (VirtualCards.OpenCard silentCard = cards.open("silent");
                SilentCard silent = new SilentCard(silentCard.card()).silence();
                VpcdBridge first = VpcdBridge.start(silent, VpcdBridge.portOfSlot(0));
                VirtualCards.OpenCard otherCard = cards.open("other");
                VpcdBridge second = VpcdBridge.start(otherCard.card(), VpcdBridge.portOfSlot(1))) {
            awaitReaders("Virtual PCD 00 00", "card present");
            awaitReaders("Virtual PCD 00 01", "card present");

            long start = System.nanoTime();
            Run stuck = run("status", "--reader", "Virtual PCD 00 00", "--card-timeout", "2");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(stuck.exit()).as(stuck.out()).isEqualTo(1);
            assertThat(stuck.out().strip())
                    .isEqualTo("eid: The card in reader 'Virtual PCD 00 00' did not answer within 2 s; remove it and insert it again.");

            Run status = run("status", "--card-timeout", "2");
            assertThat(status.exit()).as(status.out()).isZero();
            assertThat(status.out()).contains("Card: FINEID v3.1").contains("in reader 'Virtual PCD 00 01'");
        }
        awaitReaders("Virtual PCD 00 00", "no card");
        awaitReaders("Virtual PCD 00 01", "no card");
        Run wrong = run("status", "--virtual", "other", "--card-timeout", "soon");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.out()).contains("The card time limit is a number of seconds above zero, such as 30 (or milliseconds, such as 500ms), not 'soon'.");
    }

    /** Runs 'eid readers' until the reader's line contains {@code state} (10 s at most) and returns that line. */
    private String awaitReaders(String reader, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String line = "";
        while (System.nanoTime() < deadline) {
            line = readerLine(run("readers").out(), reader);
            if (line.contains(state)) {
                return line;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Reader " + reader + " did not show '" + state + "' within 10 s; last: " + line);
    }
}

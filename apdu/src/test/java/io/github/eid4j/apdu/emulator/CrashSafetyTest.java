package io.github.eid4j.apdu.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.eid4j.apdu.Hex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process with SIGKILL (what a crash or the OOM killer does to it; not a power cut, whose
 * loss of unsynced pages only the fsyncs guard against, which no test here can show) while it
 * sends wrong PINs to a card kept in a {@link CardFolder}, at random instants: right after it
 * opened the card, during a write, between a write and the answer, between answers. Each time
 * the folder must still load, and the PIN must have no more tries left than the last answer
 * said (one fewer if the kill came after a write and before the answer was printed): a crash
 * never gives a try back, and never leaves a card that cannot be opened.
 */
class CrashSafetyTest {
    private static final int PIN = 0x81;
    private static final int PUK = 0x82;
    private static final int MAX_TRIES = 15;
    private static final String PIN_VALUE = "2468";
    private static final String PUK_VALUE = "13572468";
    private static final int ROUNDS = 24;
    private static final byte[] FILE_CONTENT = new byte[2048];

    static {
        new Random(1).nextBytes(FILE_CONTENT);
    }

    @TempDir
    Path home;

    private Process victim;

    @AfterEach
    void noVictimOutlivesTheTest() throws InterruptedException {
        if (victim != null && victim.isAlive()) {
            victim.destroyForcibly();
            victim.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A card with one PIN of 15 tries (so that a round has many writes to interrupt) and its PUK. */
    static CardImage image() {
        CardImage image = new CardImage(CardSettings.builder(Hex.decode("3B 80 80 01 01")).build(), DedicatedFile.masterFile());
        PinFormat ascii12 = PinFormat.asciiPadded(12, 0x00);
        ReferenceData puk = image.addPin(new ReferenceData(PUK, "PUK", ascii12, 8, 8, 10, -1, false));
        ReferenceData pin = image.addPin(new ReferenceData(PIN, "PIN", ascii12, 4, 8, MAX_TRIES, PUK, false));
        puk.personalise(PUK_VALUE.toCharArray(), false);
        pin.personalise(PIN_VALUE.toCharArray(), false);
        // A writable file makes the state file a few kilobytes, so that a write takes a while to interrupt.
        image.masterFile().add(new ElementaryFile(0x4400, 0, FILE_CONTENT, AccessCondition.ALWAYS, AccessCondition.pin(PIN)));
        return image;
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "kills with SIGKILL")
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void killingTheCardDuringWrongPinsNeverGivesBackATryAndAlwaysLeavesItLoadable() throws Exception {
        Path dir = home.resolve("card");
        CardFolder.create(dir, "crash-test", image()).close();
        Path state = dir.resolve("state.properties");
        Path temp = dir.resolve("state.properties.tmp");
        String pinValue;
        try (CardFolder folder = CardFolder.open(dir)) {
            pinValue = valuePart(folder.image().pin(PIN));
        }
        long seed = Long.getLong("eid4j.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        String wrongVerify = String.format("0020 00%02X 0C", PIN) + TestCards.block("0000");
        List<String> log = new ArrayList<>();

        for (int round = 0; round < ROUNDS; round++) {
            // A quarter of the rounds kill 0 to 30 ms after "ready": into the first VERIFY (some 25 ms
            // on a development machine, as its classes load) and its first write. The others kill
            // after 0 to 12 answers, most within 3 ms (a wrong PIN takes about 2 ms there, most of it
            // writing and syncing), some up to 30 ms.
            boolean early = round % 4 == 0;
            int answersBeforeKill = early ? 0 : random.nextInt(13);
            long pauseNanos = early || random.nextInt(4) == 0 ? random.nextLong(30_000_000) : random.nextLong(3_000_000);
            String plan = String.format("seed %d, round %d: kill after %d answers and %.3f ms", seed, round, answersBeforeKill, pauseNanos / 1e6);

            // Surefire sets java.class.path in its forked JVM to the whole test class path (test
            // classes, classes, dependency jars) even when it boots from a manifest-only jar, and an
            // IDE passes the same: the victim gets it as it is.
            Path stderr = home.resolve("victim-" + round + ".err");
            victim = new ProcessBuilder(javaLauncher(), "-cp", System.getProperty("java.class.path"),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                    CrashVictim.class.getName(), dir.toString(), wrongVerify.replace(" ", ""))
                    .redirectError(stderr.toFile())
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.US_ASCII));
            String first = out.readLine();
            if (!"ready".equals(first)) {
                victim.waitFor(10, TimeUnit.SECONDS);
                fail(plan + ": the victim did not start (" + first + "): " + Files.readString(stderr));
            }

            int lastTries = MAX_TRIES; // the round starts from a reset counter
            int answers = 0;
            while (answers < answersBeforeKill && lastTries > 0) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                lastTries = parse(line, plan, stderr);
                answers++;
            }
            LockSupport.parkNanos(pauseNanos);
            // SIGKILL, through the process handle: Process.destroyForcibly() would also close our end
            // of the pipe, and with it the last lines the victim printed before it died.
            victim.toHandle().destroyForcibly(); // false if it had finished already
            assertThat(victim.waitFor(10, TimeUnit.SECONDS)).as(plan + ": the victim died").isTrue();
            assertThat(victim.isAlive()).isFalse();
            // What it printed before it died, read to the end of its output: the last answer it gave.
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lastTries = parse(line, plan, stderr);
            }
            out.close();
            int exit = victim.exitValue();
            assertThat(exit).as(plan + ": killed (128 + SIGKILL) or finished (0); stderr: " + Files.readString(stderr)).isIn(0, 137);
            boolean tempLeft = Files.exists(temp);
            if (!tempLeft && round % 4 == 1) {
                // A crash may leave the temporary file behind, torn: plant one if this crash did not.
                byte[] kept = Files.readAllBytes(state);
                Files.write(temp, Arrays.copyOf(kept, kept.length / 2));
            }

            try (CardFolder folder = open(dir, plan)) {
                ReferenceData pin = folder.image().pin(PIN);
                int tries = pin.triesLeft();
                log.add(String.format("round %d: %s, printed %d, kept %d%s", round, exit == 0 ? "finished" : "killed",
                        lastTries, tries, tempLeft ? ", temp file left" : ""));
                assertThat(tries).as(plan + ": tries kept after the last answer said " + lastTries + "\n" + String.join("\n", log))
                        .isLessThanOrEqualTo(lastTries)
                        .isGreaterThanOrEqualTo(Math.max(0, lastTries - 1));
                assertThat(valuePart(pin)).as(plan + ": the PIN value").isEqualTo(pinValue);
                assertThat(folder.image().pin(PUK).triesLeft()).as(plan + ": the PUK's tries").isEqualTo(10);
                assertThat(((ElementaryFile) folder.image().masterFile().child(0x4400)).content()).as(plan + ": EF 4400")
                        .isEqualTo(FILE_CONTENT);

                VirtualCard card = new VirtualCard(folder.image(), folder);
                byte[] answer = card.process(Hex.decode(String.format("002C 01%02X 0C", PIN) + TestCards.block(PUK_VALUE)));
                assertThat(Hex.plain(answer)).as(plan + ": RESET RETRY COUNTER").isEqualTo("9000");
                assertThat(pin.triesLeft()).isEqualTo(MAX_TRIES);
                assertThat(temp).as(plan + ": a write replaces a stray temporary file").doesNotExist();
            }
        }
        try (CardFolder folder = CardFolder.open(dir)) {
            VirtualCard card = new VirtualCard(folder.image(), folder);
            assertThat(Hex.plain(card.process(Hex.decode(String.format("0020 00%02X 0C", PIN) + TestCards.block(PIN_VALUE)))))
                    .as("the right PIN after all rounds").isEqualTo("9000");
        }
    }

    private static CardFolder open(Path dir, String plan) throws IOException {
        try {
            return CardFolder.open(dir);
        } catch (CardFolderException e) {
            throw new AssertionError(plan + ": the card did not load after the kill: " + e.getMessage(), e);
        }
    }

    /** "tries N" gives N, "blocked" 0; anything else fails the test with what the victim said. */
    private static int parse(String line, String plan, Path stderr) throws IOException {
        if (line.startsWith("tries ")) {
            return Integer.parseInt(line.substring(6));
        }
        if (line.equals("blocked")) {
            return 0;
        }
        return fail(plan + ": the victim said '" + line + "': " + Files.readString(stderr));
    }

    private static String valuePart(ReferenceData pin) {
        String state = pin.durableState();
        return state.substring(state.indexOf(',') + 1);
    }

    private static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

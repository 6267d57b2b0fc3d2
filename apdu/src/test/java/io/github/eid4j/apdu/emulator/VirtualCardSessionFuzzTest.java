package io.github.eid4j.apdu.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.eid4j.testing.FuzzInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * The card fuzzed by the host: any sequence of command APDUs, as a PC/SC program could send
 * through the vpcd reader, against a card that keeps its state in its folder. Every answer is a
 * well-formed response APDU (never 6F00, the engine's own error), and after the session the
 * folder still loads and holds exactly what the card last made durable: no command leaves a
 * corrupted card behind.
 *
 * <p>An input is one byte choosing the card (T=1 or T=0, activated; or T=1 not activated yet),
 * then the commands, framed as {@link FuzzInput} says.
 * The seeds in VirtualCardSessionFuzzTestInputs log in with the test PINs, so the search starts
 * from sessions that reach the keys and protected files.
 */
class VirtualCardSessionFuzzTest {
    private static final int MAX_COMMANDS = 64;
    private static final String[] CARDS = {"t1", "t0", "t1-not-activated"};
    private static Path home;
    /** Each card's state.properties as personalised, put back before every session. */
    private static final List<byte[]> PRISTINE_STATE = new ArrayList<>();

    @FuzzTest
    void commandsFromAnyHost(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int which = (input[0] & 0xFF) % CARDS.length;
        Path folder = folders().resolve(CARDS[which]);
        Files.write(folder.resolve("state.properties"), PRISTINE_STATE.get(which));
        CardImage image;
        try (CardFolder store = CardFolder.open(folder)) {
            image = store.image();
            VirtualCard card = new VirtualCard(image, store);
            card.powerOn();
            for (byte[] command : FuzzInput.split(input, 1, MAX_COMMANDS)) {
                byte[] answer;
                try {
                    answer = card.process(command.clone());
                } catch (RuntimeException e) {
                    throw new AssertionError("The card threw on a command instead of answering it", e);
                }
                VirtualCardFuzzTest.assertWellFormed(command, answer);
            }
        }
        try (CardFolder reopened = CardFolder.open(folder)) {
            assertThat(VirtualCardFuzzTest.durable(reopened.image())).as("what the folder holds after the session")
                    .isEqualTo(VirtualCardFuzzTest.durable(image));
        }
    }

    /** The cards' folders, made once per JVM; on tmpfs when there is one, where the card's fsyncs cost nothing. */
    private static synchronized Path folders() {
        if (home == null) {
            try {
                Path shm = Paths.get("/dev/shm");
                home = Files.isDirectory(shm) && Files.isWritable(shm)
                        ? Files.createTempDirectory(shm, "eid4j-fuzz") : Files.createTempDirectory("eid4j-fuzz");
                CardSettings[] settings = {TestCards.t1(), TestCards.t0(), TestCards.t1()};
                for (int i = 0; i < CARDS.length; i++) {
                    Path folder = home.resolve(CARDS[i]);
                    CardFolder.create(folder, "iso-test", TestCards.image(settings[i], i < 2)).close();
                    PRISTINE_STATE.add(Files.readAllBytes(folder.resolve("state.properties")));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return home;
    }

    @AfterAll
    static synchronized void deleteFolders() throws IOException {
        if (home != null) {
            for (String card : CARDS) {
                CardFolder.delete(home.resolve(card));
            }
            Files.deleteIfExists(home);
            home = null;
            PRISTINE_STATE.clear();
        }
    }
}

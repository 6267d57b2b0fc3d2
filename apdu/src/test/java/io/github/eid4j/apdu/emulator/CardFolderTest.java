package io.github.eid4j.apdu.emulator;

import static io.github.eid4j.apdu.emulator.TestCards.PIN1;
import static io.github.eid4j.apdu.emulator.TestCards.PIN1_VALUE;
import static io.github.eid4j.apdu.emulator.TestCards.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardFolderTest {
    @TempDir
    Path home;

    private Path createCard() throws Exception {
        Path dir = home.resolve("cards").resolve("t");
        CardFolder.create(dir, "test", TestCards.image(TestCards.t1(), true)).close();
        return dir;
    }

    private static String sw(VirtualCard card, String hex) {
        String r = Hex.plain(card.process(Hex.decode(hex)));
        return r.substring(r.length() - 4);
    }

    @Test
    void stateSurvivesReopening() throws Exception {
        Path dir = createCard();
        try (CardFolder folder = CardFolder.open(dir)) {
            VirtualCard card = new VirtualCard(folder.image(), folder);
            assertThat(sw(card, "00200011 0C" + block("0000"))).isEqualTo("63C4");
            assertThat(sw(card, "00240082 18" + block(TestCards.PIN2_VALUE) + block("777777"))).isEqualTo("9000");
            sw(card, "00200011 0C" + block(PIN1_VALUE));
            sw(card, "00A4080C 04 50004400");
            assertThat(sw(card, "00D60000 02 BEEF")).isEqualTo("9000");
            assertThat(sw(card, "00200011 0C" + block("0000"))).isEqualTo("63C4");
        }
        try (CardFolder folder = CardFolder.open(dir)) {
            VirtualCard card = new VirtualCard(folder.image(), folder);
            assertThat(folder.profile()).isEqualTo("test");
            assertThat(card.pin(PIN1).triesLeft()).isEqualTo(4);
            assertThat(sw(card, "00200082 0C" + block("777777"))).isEqualTo("9000");
            sw(card, "00200011 0C" + block(PIN1_VALUE));
            sw(card, "00A4080C 04 50004400");
            assertThat(Hex.plain(card.process(Hex.decode("00B00000 02")))).isEqualTo("BEEF9000");
            assertThat(folder.image().key(TestCards.EC_KEY).key().publicKey()).isEqualTo(TestCards.ecKey().publicKey());

        }
    }

    @Test
    void anMfThatIsAnApplicationKeepsItsName() throws Exception {
        Path dir = home.resolve("named-mf");
        DedicatedFile mf = new DedicatedFile(DedicatedFile.MF_FID, TestCards.AID);
        mf.setLifeCycle(0x05);
        CardFolder.create(dir, "test", new CardImage(TestCards.t1(), mf)).close();
        try (CardFolder folder = CardFolder.open(dir)) {
            VirtualCard card = new VirtualCard(folder.image(), folder);
            assertThat(Hex.plain(card.process(Hex.decode("00A40400 0C A000000063504B43532D3135 00"))))
                    .isEqualTo("6218 820138 83023F00 840CA000000063504B43532D3135 8A0105 9000".replace(" ", ""));
        }
    }

    @Test
    void everythingIsPrivateToTheOwnerAndNoPinIsInClear() throws Exception {
        Path dir = createCard();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.endsWith("lock")).toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertThat(text).as(p.toString()).doesNotContain(TestCards.PUK_VALUE).doesNotContain("313233340000");
            }
        }
        assertThat(dir.resolve("keys/01.p8")).exists();
        assertThat(dir.resolve("files/5000-4331.bin")).hasBinaryContent(TestCards.CERT);
    }

    @Test
    void aSecondOpenIsRefusedWhileTheCardIsInUse() throws Exception {
        Path dir = createCard();
        try (CardFolder first = CardFolder.open(dir)) {
            assertThatThrownBy(() -> CardFolder.open(dir)).isInstanceOf(CardFolderException.class)
                    .hasMessage("The virtual card at " + dir + " is in use by another program.");
            assertThatThrownBy(() -> CardFolder.delete(dir)).isInstanceOf(CardFolderInUseException.class)
                    .hasMessage("The virtual card at " + dir + " is in use by another program.");
        }
        CardFolder.open(dir).close();
    }

    /** Whether a card is in use is a fact of the lock, not of a message: a path may say "in use" too. */
    @Test
    void aCorruptCardIsDeletedWhateverItsPathSays() throws Exception {
        Path dir = home.resolve("cards in use").resolve("t");
        CardFolder.create(dir, "test", TestCards.image(TestCards.t1(), true)).close();
        Files.write(dir.resolve("files/5000-4331.bin"), new byte[] {1, 2, 3});
        CardFolder.delete(dir);
        assertThat(dir).doesNotExist();
    }

    @Test
    void anEditedStateFileIsRefusedNotReset() throws Exception {
        Path dir = createCard();
        Path state = dir.resolve("state.properties");
        String text = Files.readString(state);
        Files.writeString(state, text.replaceFirst("pin\\.11=5,", "pin.11=4,"));
        assertThatThrownBy(() -> CardFolder.open(dir)).isInstanceOf(CardFolderException.class)
                .hasMessage(state + " is corrupt or was edited (its checksum does not match); the card was not loaded.");
        Files.writeString(state, text.substring(0, text.length() / 2));
        assertThatThrownBy(() -> CardFolder.open(dir)).hasMessageContaining(state.toString()).hasMessageContaining("not loaded");
        assertThat(Files.readString(state)).as("nothing was rewritten").isEqualTo(text.substring(0, text.length() / 2));
    }

    @Test
    void aReplacedKeyOrCertificateIsRefused() throws Exception {
        Path dir = createCard();
        Path cert = dir.resolve("files/5000-4331.bin");
        Files.write(cert, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> CardFolder.open(dir)).isInstanceOf(CardFolderException.class)
                .hasMessage(cert + " is corrupt or was replaced (its checksum does not match); the card was not loaded.");
        Files.delete(cert);
        assertThatThrownBy(() -> CardFolder.open(dir)).hasMessage(cert + " is missing; the card was not loaded.");
    }

    @Test
    void aStateWithImpossibleValuesIsRefused() throws Exception {
        Path dir = createCard();
        ChecksummedProperties bad = new ChecksummedProperties();
        bad.put("pin.83", "5,false,-");
        bad.put("pin.11", "9,false,-");
        bad.put("pin.82", "5,false,-");
        Files.write(dir.resolve("state.properties"), bad.encode());
        assertThatThrownBy(() -> CardFolder.open(dir)).isInstanceOf(CardFolderException.class)
                .hasMessageContaining("is not a valid card state (the tries left of PIN1 (9) are outside 0..5)");
    }

    @Test
    void createRefusesAnExistingCardAndCleansUpAFailedOne() throws Exception {
        Path dir = createCard();
        assertThatThrownBy(() -> CardFolder.create(dir, "test", TestCards.image(TestCards.t1(), true)))
                .hasMessage("A virtual card already exists at " + dir + ".");
        CardFolder.delete(dir);
        assertThat(dir).doesNotExist();
    }

    @Test
    void memoryFailureAfterCloseIsReported() throws Exception {
        Path dir = createCard();
        CardFolder folder = CardFolder.open(dir);
        VirtualCard card = new VirtualCard(folder.image(), folder);
        folder.close();
        assertThat(sw(card, "00200011 0C" + block(PIN1_VALUE))).isEqualTo("6581");
    }

    @Test
    void registryNamesHomeAndProfiles() throws Exception {
        VirtualCards cards = new VirtualCards(home);
        assertThat(cards.names()).isEmpty();
        Personalisation p = cards.create("alice", "iso-test", false);
        assertThat(p.letter()).containsKey("PUK");
        assertThat(cards.names()).containsExactly("alice");
        assertThatThrownBy(() -> cards.create("alice", "iso-test", false)).hasMessage("A virtual card named 'alice' already exists.");
        assertThatThrownBy(() -> cards.create("../x", "iso-test", false)).hasMessageStartingWith("'../x' is not a card name");
        assertThatThrownBy(() -> cards.create("bob", "nope", false)).hasMessageStartingWith("There is no virtual-card profile 'nope'; the profiles are: iso-test");
        assertThatThrownBy(() -> cards.open("bob")).hasMessage("There is no virtual card named 'bob'; create one with 'eid virtual create'.");
        try (VirtualCards.OpenCard open = cards.open("alice")) {
            assertThat(open.profile()).isEqualTo("iso-test");
            assertThat(Hex.plain(open.card().process(Hex.decode("00A4040C 0A F0656964346A54455354")))).isEqualTo("9000");
        }
        cards.delete("alice");
        assertThat(cards.names()).isEmpty();
    }
}

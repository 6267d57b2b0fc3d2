package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsTheJavaSidesKeysAndLeavesTheCSides() throws IOException {
        Path file = Files.writeString(dir.resolve("eid4j-pkcs11.conf"), String.join("\n",
                "# comment", "java.home = /opt/jdk", "jars = lib", "jvm.option = -Xss1m", "",
                "virtual.card = a", "  virtual.card=b, c ,", "eid4j.home = cards-home", "debug = TRUE", "unknown = ignored"));
        ModuleConfig config = ModuleConfig.read(file);
        assertThat(config.virtualCards()).containsExactly("a", "b", "c");
        assertThat(config.eid4jHome()).isEqualTo(dir.resolve("cards-home"));
        assertThat(config.debug()).isTrue();
        assertThat(config.readers()).as("readers by default").isTrue();
        assertThat(config.unblockWithSetPin()).as("no unblocking through C_SetPIN by default").isFalse();
        assertThat(config.file()).isEqualTo(file);
    }

    @Test
    void readersCanBeTurnedOffAndAWrongSwitchIsNamed() throws IOException {
        assertThat(ModuleConfig.read(Files.writeString(dir.resolve("off.conf"), "readers = no\n")).readers()).isFalse();
        assertThat(ModuleConfig.read(Files.writeString(dir.resolve("on.conf"), "unblock.with.setpin = true\n")).unblockWithSetPin())
                .isTrue();
        Path file = Files.writeString(dir.resolve("typo.conf"), "debug = false\nreaders = maybe\n");
        assertThatThrownBy(() -> ModuleConfig.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 2").hasMessageContaining("'maybe'");
    }

    @Test
    void theCardTimeoutIsSecondsOrMillisecondsAndAWrongOneIsNamed() throws IOException {
        assertThat(ModuleConfig.read(Files.writeString(dir.resolve("s.conf"), "card.timeout = 45\n")).cardTimeout())
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(ModuleConfig.read(Files.writeString(dir.resolve("ms.conf"), "card.timeout = 1500ms\n")).cardTimeout())
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(ModuleConfig.read(Files.writeString(dir.resolve("none.conf"), "debug = false\n")).cardTimeout())
                .as("the default").isEqualTo(Duration.ofSeconds(30));
        Path file = Files.writeString(dir.resolve("typo.conf"), "debug = false\ncard.timeout = soon\n");
        assertThatThrownBy(() -> ModuleConfig.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + " line 2: The card time limit is a number of seconds above zero, such as 30"
                        + " (or milliseconds, such as 500ms), not 'soon'.");
    }

    @Test
    void theConfiguredCanAnswersOnlyTheCardsQuestionForItsCanAndAWrongOneIsNotRepeated() throws Exception {
        ModuleConfig config = ModuleConfig.read(Files.writeString(dir.resolve("can.conf"), "can = 271828\n"));
        PinInfo can = new PinInfo("CAN", PinInfo.Role.AUTHENTICATION, "secure channel", 6, 6, 0x02);
        PinInfo pin = new PinInfo("PIN", PinInfo.Role.AUTHENTICATION, 6, 8, 0x81);
        char[] answer = config.canAnswers().ask(new PinRequest(can, PinRequest.Step.CAN, -1));
        assertThat(answer).containsExactly('2', '7', '1', '8', '2', '8');
        Arrays.fill(answer, '\0'); // the card wipes its copy ...
        assertThat(config.canAnswers().ask(new PinRequest(can, PinRequest.Step.CAN, -1)))
                .as("... and the next opening gets the CAN again").containsExactly('2', '7', '1', '8', '2', '8');
        assertThatThrownBy(() -> config.canAnswers().ask(new PinRequest(pin, PinRequest.Step.CURRENT, 3)))
                .as("never a PIN").isInstanceOf(CancelledPinEntryException.class);
        assertThatThrownBy(() -> ModuleConfig.none().canAnswers().ask(new PinRequest(can, PinRequest.Step.CAN, -1)))
                .as("no CAN configured").isInstanceOf(CancelledPinEntryException.class);
        Path file = Files.writeString(dir.resolve("pin.conf"), "can = 1234\n");
        assertThatThrownBy(() -> ModuleConfig.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + " line 1: the CAN is the 6-digit number printed on the front of the card.");
    }

    @Test
    void aLineWithoutEqualsIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.conf"), "virtual.card = a\nnonsense\n");
        assertThatThrownBy(() -> ModuleConfig.read(file)).isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }

    @Test
    void noFileMeansNoCards() {
        assertThat(ModuleConfig.none().virtualCards()).isEmpty();
        assertThat(ModuleConfig.none().eid4jHome()).isNull();
        assertThat(ModuleConfig.none().readers()).isTrue();
    }
}

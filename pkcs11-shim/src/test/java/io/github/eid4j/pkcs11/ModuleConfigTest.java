package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
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

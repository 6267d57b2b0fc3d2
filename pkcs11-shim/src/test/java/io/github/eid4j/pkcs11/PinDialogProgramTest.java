package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the module shows its own PIN dialog (and its tokens have the protected authentication path). */
class PinDialogProgramTest {
    @TempDir
    Path dir;

    @Test
    void onlyWhereThereIsAnXDisplay() {
        ModuleConfig config = ModuleConfig.none();
        assertThat(PinDialogProgram.find(config, Map.of("DISPLAY", ":0"))).isNotNull();
        assertThat(PinDialogProgram.find(config, Map.of())).as("no display: the application asks").isNull();
        assertThat(PinDialogProgram.find(config, Map.of("DISPLAY", ""))).isNull();
        // AWT has no Wayland toolkit: without XWayland's DISPLAY there is no window to show.
        assertThat(PinDialogProgram.find(config, Map.of("WAYLAND_DISPLAY", "wayland-0"))).isNull();
    }

    @Test
    void theConfigCanTurnItOffAndSetsItsTimeLimit() throws IOException {
        ModuleConfig off = ModuleConfig.read(Files.writeString(dir.resolve("off.conf"), "pin.dialog = false\n"));
        assertThat(PinDialogProgram.find(off, Map.of("DISPLAY", ":0"))).isNull();
        ModuleConfig quick = ModuleConfig.read(Files.writeString(dir.resolve("quick.conf"), "pin.dialog.timeout = 5\n"));
        assertThat(PinDialogProgram.find(quick, Map.of("DISPLAY", ":0")).timeLimit()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ModuleConfig.none().pinDialogTimeout()).as("Firefox's TLS handshake waits about 30 s")
                .isEqualTo(Duration.ofSeconds(20));
        Path typo = Files.writeString(dir.resolve("typo.conf"), "pin.dialog = sometimes\n");
        assertThatThrownBy(() -> ModuleConfig.read(typo)).isInstanceOf(IOException.class).hasMessageContaining("'sometimes'");
    }
}

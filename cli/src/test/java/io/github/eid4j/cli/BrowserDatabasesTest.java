package io.github.eid4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where eid register looks for the browsers' NSS databases in a home folder. */
class BrowserDatabasesTest {
    @TempDir
    Path home;

    @Test
    void everyFirefoxProfileThenChromium() throws Exception {
        Path firefox = Files.createDirectories(home.resolve(".mozilla/firefox"));
        Path elsewhere = Files.createDirectories(home.resolve("profiles/work"));
        Files.writeString(firefox.resolve("profiles.ini"), """
                [Install4F96D1932A9F858E]
                Default=ab12.default-esr

                [Profile1]
                Name=work
                IsRelative=0
                Path=%s

                [Profile0]
                Name=default-esr
                IsRelative=1
                Path=ab12.default-esr
                """.formatted(elsewhere));
        Files.createDirectories(firefox.resolve("ab12.default-esr"));
        Files.createFile(Files.createDirectories(firefox.resolve("zz99.unlisted")).resolve("cert9.db"));
        Files.createDirectories(firefox.resolve("Crash Reports"));
        Path snap = Files.createDirectories(home.resolve("snap/firefox/common/.mozilla/firefox/cd34.default"));
        Files.createFile(snap.resolve("cert9.db"));

        assertThat(BrowserDatabases.of(home)).extracting(NssDatabase::program, NssDatabase::dir).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Firefox profile work", elsewhere),
                org.assertj.core.groups.Tuple.tuple("Firefox profile ab12.default-esr", firefox.resolve("ab12.default-esr")),
                org.assertj.core.groups.Tuple.tuple("Firefox profile zz99.unlisted", firefox.resolve("zz99.unlisted")),
                org.assertj.core.groups.Tuple.tuple("Firefox profile cd34.default", snap),
                org.assertj.core.groups.Tuple.tuple("Chromium", home.resolve(".pki/nssdb")));
    }

    @Test
    void noFirefoxIsChromiumAlone() throws Exception {
        assertThat(BrowserDatabases.of(home)).extracting(NssDatabase::dir).containsExactly(home.resolve(".pki/nssdb"));
    }

    @Test
    void aFirefoxNeverStartedIsToldWhereItIsInstalled() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path firefox = Files.createFile(bin.resolve("firefox-esr"));
        firefox.toFile().setExecutable(true);
        assertThat(BrowserDatabases.firefoxNotStartedYet(home, "/nonexistent:" + bin))
                .isEqualTo("Firefox: no profile in " + home.resolve(".mozilla/firefox") + " yet (start Firefox once, close it, then run eid register again).");
        assertThat(BrowserDatabases.firefoxNotStartedYet(home, "/nonexistent")).as("no Firefox installed").isNull();

        Path profile = Files.createDirectories(home.resolve(".mozilla/firefox/ab12.default-esr"));
        Files.writeString(home.resolve(".mozilla/firefox/profiles.ini"), "[Profile0]\nIsRelative=1\nPath=ab12.default-esr\n");
        assertThat(profile).isDirectory();
        assertThat(BrowserDatabases.firefoxNotStartedYet(home, bin.toString())).as("a profile exists").isNull();
    }
}

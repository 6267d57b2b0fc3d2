package io.github.eid4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line as a user meets it: versions, help, usage errors, one-sentence errors, the demo. */
class EidTest {
    record Result(int exit, String out, String err) {
    }

    static Result eid(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Eid.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void versionNamesEid4jAndJava() {
        Result r = eid("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("eid4j 0.1.0-SNAPSHOT").contains("Java ");
    }

    @Test
    void everyCommandHasHelp() {
        Result top = eid("--help");
        assertThat(top.exit()).isZero();
        assertThat(top.out()).contains("readers", "virtual", "demo", "status", "certs", "activate", "change-pin", "unblock", "sign", "verify", "register", "unregister");
        for (String[] command : new String[][] {{"readers"}, {"demo"}, {"virtual"}, {"virtual", "create"}, {"virtual", "list"},
                {"virtual", "serve"}, {"virtual", "delete"}, {"virtual", "pki"}, {"virtual", "pki", "suspend"},
                {"virtual", "pki", "reactivate"}, {"virtual", "pki", "revoke"}, {"virtual", "pki", "serve"}, {"status"}, {"certs"}, {"activate"}, {"change-pin"}, {"unblock"},
                {"sign"}, {"verify"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            Result r = eid(args);
            assertThat(r.exit()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: eid " + String.join(" ", command));
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        Result r = eid("frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument");
        assertThat(eid("virtual", "create", "x").exit()).as("--profile is required").isEqualTo(2);
    }

    @Test
    void userErrorsAreOneSentenceWithoutStackTrace() {
        Result r = eid("virtual", "create", "--profile", "nope", "x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("eid: There is no virtual-card profile 'nope'; the profiles are: iso-test, fineid-v3, fineid-v4, luxembourg.");
        Result bad = eid("virtual", "serve", "../etc");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err().strip()).startsWith("eid: '../etc' is not a card name").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void debugAddsTheStackTrace() {
        Result r = eid("--debug", "virtual", "create", "--profile", "nope", "x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("eid: There is no virtual-card profile 'nope'").contains("\tat ");
    }

    @Test
    void fileSystemErrorsAreSentencesToo() {
        Result r = eid("verify", "/nonexistent/document.txt", "/nonexistent/document.txt.p7s");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("eid: There is no file /nonexistent/document.txt.");
        assertThat(UserMessages.of(new java.nio.file.AccessDeniedException("/proc/x"))).isEqualTo("Access to /proc/x is denied.");
        assertThat(UserMessages.of(new java.nio.file.FileSystemException("/proc/x", null, "Read-only file system")))
                .isEqualTo("/proc/x could not be used: Read-only file system.");
    }

    @Test
    void adesSignatureMistakesAreOneSentenceBeforeAnyCardIsOpened(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
        String file = java.nio.file.Files.writeString(folder.resolve("words.txt"), "words").toString();
        assertThat(eid("sign", "--virtual", "none", "--format", "pdf", file).err().strip())
                .isEqualTo("eid: The signature format is cades, pades, xades or jades, not 'pdf'.");
        assertThat(eid("sign", "--virtual", "none", "--format", "pades", "--level", "B-LTA", file).err().strip())
                .isEqualTo("eid: The signature level is B-B, B-T or B-LT, not 'B-LTA'.");
        assertThat(eid("sign", "--virtual", "none", "--format", "cades", "--level", "B-LT", file).err().strip())
                .isEqualTo("eid: A B-LT signature needs a time-stamp: give the time-stamping authority's address with --tsa <url>.");
        assertThat(eid("sign", "--virtual", "none", "--level", "B-T", file).err().strip())
                .isEqualTo("eid: --level and --tsa go with --format (cades, pades, xades or jades).");
        Result notSigned = eid("verify", "--offline", file);
        assertThat(notSigned.exit()).isEqualTo(1);
        assertThat(notSigned.err().strip()).isEqualTo("eid: words.txt is not a signature eid4j can check (CAdES, PAdES, XAdES or JAdES).");
    }
}

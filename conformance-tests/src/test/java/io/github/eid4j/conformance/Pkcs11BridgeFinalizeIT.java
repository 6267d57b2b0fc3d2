package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C_Finalize on shutdown: a program that signs through the bridge and ends without closing
 * anything still finalises the module, every C_Initialize with its C_Finalize, seen by a module
 * in front of SoftHSM2 that records both (src/test/c/recording-module.c, built here with gcc).
 */
class Pkcs11BridgeFinalizeIT {
    @TempDir
    Path dir;

    @Test
    void aProgramThatEndsWithoutClosingFinalisesTheModule() throws Exception {
        SoftHsmToken.create();
        Path module = dir.resolve("recording-module.so");
        ProgramRun.of(Programs.find("gcc"), "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC",
                "-I/usr/include/p11-kit-1", "-o", module.toString(), Path.of("src/test/c/recording-module.c").toAbsolutePath().toString(),
                "-ldl").within(Duration.ofSeconds(120)).run().ok();
        Path record = dir.resolve("record.txt");
        Map<String, String> environment = new HashMap<>(SoftHsmToken.environment());
        environment.put("EID4J_RECORDED_MODULE", SoftHsmToken.module());
        environment.put("EID4J_RECORD", record.toString());

        String out = ProgramRun.of(JavaMain.command(UnclosedProvider.class, module.toString())).with(environment)
                .within(Duration.ofSeconds(120)).run().ok().out();

        assertThat(out).isEqualTo("signed: 256 bytes\n");
        List<String> calls = Files.readAllLines(record);
        assertThat(calls).isNotEmpty().last().isEqualTo("C_Finalize 0");
        assertThat(calls).filteredOn(c -> c.startsWith("C_Initialize")).containsOnly("C_Initialize 0")
                .hasSameSizeAs(calls.stream().filter(c -> c.startsWith("C_Finalize")).toList());
    }
}

package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.testing.ProgramRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C_Initialize as only a C process shows it (inithost.c, built here with gcc): the arguments
 * that forbid the module its threads or its own locks are refused before a thread is started,
 * and the child of a fork is a new application that cannot have the parent's JVM.
 */
class NativeHostIT {
    private static final String HEX_OK = "0x0";

    @TempDir
    static Path dir;
    private static Path host;
    private static Path config;

    @BeforeAll
    static void build() throws Exception {
        Path source = Path.of(NativeHostIT.class.getResource("inithost.c").toURI());
        host = dir.resolve("inithost");
        ProgramRun.of("gcc", "-std=gnu11", "-Wall", "-Werror", "-I/usr/include/p11-kit-1", "-o", host.toString(),
                source.toString(), "-ldl").in(dir).run().ok();
        Path home = dir.resolve("home");
        Fixture.createCards(home, "card", "fineid-v4");
        config = Fixture.writeConfig(dir.resolve("eid4j-pkcs11.conf"), home, List.of("card"));
    }

    /** What inithost printed, by name; its standard error as "stderr", its whole output as "stdout". */
    private static Map<String, String> run(String test) throws Exception {
        return run(config, test);
    }

    private static Map<String, String> run(Path config, String test) throws Exception {
        ProgramRun.Result r = ProgramRun.of(host.toString(), Fixture.module().toString(),
                test).with(Map.of("EID4J_PKCS11_CONF", config.toString())).in(dir).run().ok();
        Map<String, String> facts = new HashMap<>();
        for (String line : r.out().split("\n")) {
            String[] parts = line.split(" ", 2);
            if (parts.length == 2) {
                facts.put(parts[0], parts[1]);
            }
        }
        facts.put("stderr", r.err());
        facts.put("stdout", r.out());
        return facts;
    }

    private static String hex(long rv) {
        return "0x" + Long.toHexString(rv);
    }

    /**
     * NSS and GnuTLS forbid threads (CKF_LIBRARY_CANT_CREATE_OS_THREADS); the JVM is threads, so
     * the answer is CKR_NEED_TO_CREATE_THREADS, given before anything starts. The application's
     * mutexes without CKF_OS_LOCKING_OK must be used or refused: CKR_CANT_LOCK, none called. NSS
     * then initialises with NULL, which starts the module.
     */
    @Test
    void initializeStartsNoThreadWhenItRefuses() throws Exception {
        Map<String, String> facts = run("threads");
        assertThat(facts.get("threads.loaded")).isEqualTo("1");
        assertThat(facts.get("reserved.rv")).isEqualTo(hex(Ck.CKR_ARGUMENTS_BAD));
        assertThat(facts.get("no-threads.rv")).isEqualTo(hex(Ck.CKR_NEED_TO_CREATE_THREADS));
        assertThat(facts.get("threads.refused")).as("threads after the refusals").isEqualTo("1");
        assertThat(facts.get("mutexes.rv")).isEqualTo(hex(Ck.CKR_CANT_LOCK));
        assertThat(facts.get("mutexes.calls")).isEqualTo("0");
        assertThat(facts.get("threads.mutexes")).isEqualTo("1");
        assertThat(facts.get("null.rv")).isEqualTo(HEX_OK);
        assertThat(Integer.parseInt(facts.get("threads.started"))).as("the JVM's threads").isGreaterThan(1);
        assertThat(facts.get("finalize.rv")).isEqualTo(HEX_OK);
        assertThat(facts.get("mutexes-or-os.rv")).as("its mutexes or the OS's: the module takes the OS's").isEqualTo(HEX_OK);
        assertThat(facts.get("finalize-again.rv")).isEqualTo(HEX_OK);
    }

    /**
     * The child of a process that started the module has no JVM and cannot start one (HotSpot
     * cannot be created twice in one memory): its calls answer CKR_CRYPTOKI_NOT_INITIALIZED, as
     * PKCS#11 would have a child's calls before its own C_Initialize, and that C_Initialize answers
     * CKR_FUNCTION_FAILED with one line on stderr. The parent carries on.
     */
    @Test
    void theChildOfAnInitialisedParentIsToldItCannot() throws Exception {
        Map<String, String> facts = run("fork");
        assertThat(facts.get("parent.initialize.rv")).isEqualTo(HEX_OK);
        assertThat(facts.get("child.slots.rv")).isEqualTo(hex(Ck.CKR_CRYPTOKI_NOT_INITIALIZED));
        assertThat(facts.get("child.initialize.rv")).isEqualTo(hex(Ck.CKR_FUNCTION_FAILED));
        assertThat(facts.get("child.slots-after-initialize.rv")).isEqualTo(hex(Ck.CKR_CRYPTOKI_NOT_INITIALIZED));
        assertThat(facts.get("child.finalize.rv")).isEqualTo(hex(Ck.CKR_CRYPTOKI_NOT_INITIALIZED));
        assertThat(facts.get("child.function-list.rv")).isEqualTo(HEX_OK);
        assertThat(facts.get("child.exited")).isEqualTo("0");
        assertThat(facts.get("stderr")).contains("eid4j-pkcs11: this process is a fork of one that initialised the module");
        assertThat(facts.get("parent.slots.rv")).isEqualTo(HEX_OK);
        assertThat(facts.get("parent.slots")).isEqualTo("2");
        assertThat(facts.get("parent.finalize.rv")).isEqualTo(HEX_OK);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
        }
    }

    /** A child forked before the module started is a fresh start: it starts its own JVM, and so does the parent. */
    @Test
    void theChildOfAFreshParentStartsTheModule() throws Exception {
        Map<String, String> facts = run("fork-first");
        assertThat(facts.get("child.initialize.rv")).isEqualTo(HEX_OK);
        assertThat(facts.get("child.slots")).isEqualTo("2");
        assertThat(facts.get("child.finalize.rv")).isEqualTo(HEX_OK);
        assertThat(facts.get("child.exited")).isEqualTo("0");
        assertThat(facts.get("parent.initialize.rv")).isEqualTo(HEX_OK);
        assertThat(facts.get("parent.slots")).isEqualTo("2");
    }

    /**
     * The JVM the module starts takes its classes, the module's among them, from the AOT cache the
     * build wrote beside the jars (mapped, already loaded and linked), not from the jars.
     */
    @Test
    void theModulesJvmLoadsItsClassesFromTheAotCache() throws Exception {
        Path classes = dir.resolve("class-load.log");
        Path logged = Fixture.writeConfig(dir.resolve("class-load.conf"), dir.resolve("home"), List.of("card"),
                "jvm.option = -Xlog:class+load=info:file=" + classes);
        Map<String, String> facts = run(logged, "fork");
        assertThat(facts.get("parent.slots")).isEqualTo("2");
        assertThat(Files.readAllLines(classes)).as("the JVM's class loading")
                .anyMatch(line -> line.endsWith(" " + Cryptoki.class.getName() + " source: shared objects file"))
                .anyMatch(line -> line.endsWith(" " + Bootstrap.class.getName() + " source: shared objects file"));
    }

    /**
     * A JVM whose options do not fit the cache (here without compressed oops) starts without it
     * and says nothing about it in the host's output.
     */
    @Test
    void aCacheThatDoesNotFitTheJvmIsLeftWithoutAWord() throws Exception {
        Path other = Fixture.writeConfig(dir.resolve("no-compressed-oops.conf"), dir.resolve("home"), List.of("card"),
                "jvm.option = -XX:-UseCompressedOops");
        Map<String, String> facts = run(other, "fork");
        assertThat(facts.get("parent.slots")).isEqualTo("2");
        assertThat(facts.get("stderr") + facts.get("stdout")).doesNotContain("[aot]").doesNotContain("AOT cache");
    }
}

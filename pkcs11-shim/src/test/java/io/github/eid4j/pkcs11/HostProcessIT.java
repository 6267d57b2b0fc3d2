package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.testing.ProgramRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module in a plain C program without Java (src/test/c/host.c), configured as a user would,
 * with a virtual card: the JVM it starts there leaves the program's signal handlers, locale and
 * limits as the program set them, but for what the JVM needs (docs/architecture.md, "which
 * signals the module leaves to the host"), and does not obey the Java option variables in the
 * program's environment, which are meant for other Java programs.
 */
class HostProcessIT {
    /** What the JVM keeps, as docs/architecture.md says: the fault signals, its suspend/resume signal, the JDK's I/O wake-up. */
    private static final List<String> KEPT_BY_THE_JVM = List.of(
            "SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGRTMAX", "SIGRTMAX-2");
    private static final int SIGSEGV = 11;
    private static final int SIGUSR2 = 12;
    private static final int SIGPIPE = 13;

    @TempDir
    static Path dir;
    private static Path host;
    private static Path home;
    private static Path config;

    @BeforeAll
    static void build() throws IOException, InterruptedException {
        host = dir.resolve("host");
        Path source = Path.of(System.getProperty("basedir", "."), "src", "test", "c", "host.c");
        ProgramRun.of("gcc", "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-I/usr/include/p11-kit-1",
                "-o", host.toString(), source.toString(), "-ldl").in(dir).run().ok();
        home = dir.resolve("home");
        Fixture.createCards(home, "v4", "fineid-v4");
        config = Fixture.writeConfig(dir.resolve("eid4j-pkcs11.conf"), home, List.of("v4"));
    }

    /** Runs host with the config, in a folder of its own, with the locale set in the environment (the JVM would take it). */
    private static ProgramRun.Result host(Path config, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Map<String, String> all = new HashMap<>(environment);
        all.put("EID4J_PKCS11_CONF", config.toString());
        all.put("LC_ALL", "C.UTF-8");
        String[] command = Stream.concat(Stream.of(host.toString(), Fixture.module().toString()), Stream.of(args))
                .toArray(String[]::new);
        return ProgramRun.of(command).with(all).in(Files.createTempDirectory(dir, "run")).run();
    }

    private static List<String> changes(ProgramRun.Result result) {
        assertThat(result.out()).as("the module answered; it printed:%n%s", result.all()).containsPattern("slots 2 token Maija Meikäläinen \\(PIN1\\) #");
        return result.out().lines().filter(l -> l.startsWith("changed ")).map(l -> l.substring("changed ".length())).toList();
    }

    @Test
    void theProgramsHandlersStayAndRun() throws Exception {
        ProgramRun.Result result = host(config, Map.of(), "handlers").ok();

        assertThat(changes(result)).as("what C_Initialize changed").isSubsetOf(KEPT_BY_THE_JVM);
        assertThat(result.out()).contains("SIGUSR2 handler ran", "SIGPIPE handler ran", "SIGXFSZ handler ran",
                "SIGSEGV handler ran");
    }

    @Test
    void withoutAHandlerSigusr2StillEndsTheProgram() throws Exception {
        ProgramRun.Result result = host(config, Map.of(), "default", "usr2");

        assertThat(changes(result)).isSubsetOf(KEPT_BY_THE_JVM);
        assertThat(result.exit()).as("exit code (128 + SIGUSR2); it printed:%n%s", result.all()).isEqualTo(128 + SIGUSR2);
    }

    @Test
    void withoutAHandlerABrokenPipeStillEndsTheProgram() throws Exception {
        ProgramRun.Result result = host(config, Map.of(), "default", "pipe");

        assertThat(result.exit()).as("exit code (128 + SIGPIPE); it printed:%n%s", result.all()).isEqualTo(128 + SIGPIPE);
    }

    @Test
    void aCrashOutsideJavaEndsTheProgramAsWithoutTheModule() throws Exception {
        ProgramRun.Result result = host(config, Map.of(), "default", "segv");

        assertThat(result.exit()).as("exit code (128 + SIGSEGV); it printed:%n%s", result.all()).isEqualTo(128 + SIGSEGV);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("HotSpot's crash report").noneMatch(f -> f.startsWith("hs_err"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"})
    void javaOptionsInTheEnvironmentAreForOtherPrograms(String variable) throws Exception {
        int port = freePort();
        ProgramRun.Result result = host(config, Map.of(variable, debugAgent(port)), "port", String.valueOf(port)).ok();

        assertThat(result.out()).contains("port " + port + " closed");
        assertThat(result.all()).doesNotContain("Picked up", "Listening for transport");
    }

    @Test
    void jvmOptionsInTheConfigAreTheModules() throws Exception {
        int port = freePort();
        Path debug = Fixture.writeConfig(dir.resolve("debug.conf"), home, List.of("v4"), "jvm.option = " + debugAgent(port));

        ProgramRun.Result result = host(debug, Map.of(), "port", String.valueOf(port)).ok();

        assertThat(result.out()).contains("port " + port + " open");
    }

    private static String debugAgent(int port) {
        return "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

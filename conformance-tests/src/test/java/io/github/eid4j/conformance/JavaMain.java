package io.github.eid4j.conformance;

import io.github.eid4j.cli.Eid;
import io.github.eid4j.testing.ProgramRun;
import io.github.eid4j.testing.Programs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs a class's main in a JVM of its own, with this test's class path, as a user starts eid or an application. */
final class JavaMain {
    private JavaMain() {
    }

    static List<String> command(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Programs.jdk("java"), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code eid} as a user runs it, in a home of its own (EID4J_HOME), with these variables, typing {@code input}; stdout and stderr merged. */
    static ProgramRun.Result eid(Path home, Map<String, String> environment, String input, String... args) throws IOException, InterruptedException {
        Map<String, String> all = new HashMap<>(environment);
        all.put("EID4J_HOME", home.toString());
        return ProgramRun.of(command(Eid.class, args)).with(all).input(input).merged().within(Duration.ofSeconds(120)).run();
    }
}

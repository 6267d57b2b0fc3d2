package io.github.eid4j.conformance;

import io.github.eid4j.testing.Programs;
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
}

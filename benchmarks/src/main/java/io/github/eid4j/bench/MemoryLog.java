package io.github.eid4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory readings of the hosts, passed from the JMH forks (which run the hosts) to
 * {@link Bench} (which prints them) through a file in the bench folder, one reading a line.
 */
final class MemoryLog {
    /** The host alone, before it loads the module: what the module adds is measured from here. */
    static final String BEFORE_LOAD = "before loading the module";
    static final String AFTER_OPEN = "after first C_GetTokenInfo";
    static final String AFTER_SIGNING = "after signing";

    /** One reading: which module, for which key, at which moment. */
    record Reading(String module, String key, String moment, HostMemory memory) {
    }

    private MemoryLog() {
    }

    static void append(BenchHome home, Pkcs11Module module, BenchKey key, String moment, HostMemory memory) throws IOException {
        String line = String.join("\t", module.param(), key.param(), moment, Long.toString(memory.rssKiB()),
                Long.toString(memory.peakKiB())) + "\n";
        Files.writeString(home.memoryLog(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static List<Reading> read(Path file) throws IOException {
        List<Reading> readings = new ArrayList<>();
        if (!Files.exists(file)) {
            return readings;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            readings.add(new Reading(f[0], f[1], f[2], new HostMemory(Long.parseLong(f[3]), Long.parseLong(f[4]))));
        }
        return readings;
    }
}

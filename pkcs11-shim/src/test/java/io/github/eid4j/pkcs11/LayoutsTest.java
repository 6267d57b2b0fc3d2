package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java layouts and the function order against what gcc makes of the standard header
 * (p11-kit's pkcs11.h, the one the C bootstrap is built with): every struct size, every field
 * offset, every function's place in CK_FUNCTION_LIST.
 */
class LayoutsTest {
    private static final Map<String, Long> GCC = new HashMap<>();

    @BeforeAll
    static void askGcc(@TempDir Path dir) throws IOException, InterruptedException {
        StringBuilder c = new StringBuilder("#include <stddef.h>\n#include <stdio.h>\n#include <p11-kit/pkcs11.h>\nint main(void) {\n");
        for (Map.Entry<String, StructLayout> struct : Layouts.ALL.entrySet()) {
            String type = struct.getKey();
            c.append("printf(\"%s %zu\\n\", \"").append(type).append("\", sizeof(").append(type).append("));\n");
            for (MemoryLayout field : struct.getValue().memberLayouts()) {
                if (!(field instanceof PaddingLayout)) {
                    String name = field.name().orElseThrow();
                    c.append("printf(\"%s %zu\\n\", \"").append(type).append('.').append(name).append("\", offsetof(")
                            .append(type).append(", ").append(name).append("));\n");
                }
            }
        }
        for (String function : FunctionTable.FUNCTIONS) {
            String name = FunctionTable.name(function);
            c.append("printf(\"%s %zu\\n\", \"").append(name).append("\", offsetof(CK_FUNCTION_LIST, ").append(name).append("));\n");
        }
        c.append("return 0;\n}\n");
        Path source = dir.resolve("layouts.c");
        Path program = dir.resolve("layouts");
        Files.writeString(source, c);
        run(dir, "gcc", "-I/usr/include/p11-kit-1", "-o", program.toString(), source.toString());
        for (String line : run(dir, program.toString()).split("\n")) {
            String[] parts = line.split(" ");
            GCC.put(parts[0], Long.parseLong(parts[1]));
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s:%n%s", String.join(" ", command), text).isZero();
        return text;
    }

    @Test
    void structsHaveGccsSizesAndOffsets() {
        for (Map.Entry<String, StructLayout> struct : Layouts.ALL.entrySet()) {
            String type = struct.getKey();
            assertThat(struct.getValue().byteSize()).as("sizeof(%s)", type).isEqualTo(GCC.get(type));
            for (MemoryLayout field : struct.getValue().memberLayouts()) {
                if (!(field instanceof PaddingLayout)) {
                    String name = field.name().orElseThrow();
                    assertThat(Layouts.offset(struct.getValue(), name)).as("offsetof(%s, %s)", type, name)
                            .isEqualTo(GCC.get(type + "." + name));
                }
            }
        }
    }

    @Test
    void theTableHasEveryFunctionInItsPlace() {
        assertThat(FunctionTable.FUNCTIONS).hasSize(68);
        for (int i = 0; i < FunctionTable.FUNCTIONS.size(); i++) {
            String name = FunctionTable.name(FunctionTable.FUNCTIONS.get(i));
            // CK_FUNCTION_LIST starts with CK_VERSION, padded to a pointer.
            assertThat(GCC.get(name)).as("offsetof(CK_FUNCTION_LIST, %s)", name).isEqualTo(8L * (i + 1));
        }
    }

    @Test
    void everyFunctionHasADescriptorOfItsParameters() {
        for (String function : FunctionTable.FUNCTIONS) {
            assertThat(FunctionTable.descriptor(function).argumentLayouts()).hasSize(function.length() - function.indexOf(' ') - 1);
        }
    }
}

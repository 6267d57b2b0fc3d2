package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardNotActivatedException;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.BlockedPinException;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.PinFormatException;
import io.github.eid4j.card.WrongPinException;
import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java layouts and the function order against what gcc makes of the standard header
 * (p11-kit's pkcs11.h, the one the C bootstrap is built with): every struct size, every field
 * offset, every function's place in CK_FUNCTION_LIST, and the value of every constant in {@link Ck}.
 */
class LayoutsTest {
    private static final Path HEADER = Path.of("/usr/include/p11-kit-1/p11-kit/pkcs11.h");
    private static final Map<String, Long> GCC = new HashMap<>();
    /** Each function's parameter types as the header declares them. */
    private static final Map<String, List<String>> PARAMETERS = new HashMap<>();

    @BeforeAll
    static void askGcc(@TempDir Path dir) throws IOException, InterruptedException {
        Matcher declaration = Pattern.compile("_CK_DECLARE_FUNCTION\\s*\\(\\s*(C_\\w+)\\s*,\\s*\\(([^)]*)\\)\\s*\\)\\s*;")
                .matcher(Files.readString(HEADER));
        while (declaration.find()) {
            List<String> types = new ArrayList<>();
            for (String parameter : declaration.group(2).split(",")) {
                types.add(parameter.strip().replaceAll("\\s+", " ").replaceAll("\\w+$", "").strip()); // the type: all but the name
            }
            PARAMETERS.put(declaration.group(1), types);
        }
        // The declarations name their types in p11-kit's own style, which the header defines only with CRYPTOKI_GNU.
        StringBuilder sizes = new StringBuilder("#define CRYPTOKI_GNU 1\n#include <stdio.h>\n#include <p11-kit/pkcs11.h>\nint main(void) {\n");
        // gcc's type class 5 is a pointer (a function pointer such as ck_notify_t too).
        PARAMETERS.values().stream().flatMap(List::stream).distinct().forEach(type -> sizes
                .append("printf(\"%s %zu\\n\", \"sizeof(").append(type).append(")\", sizeof(").append(type).append("));\n")
                .append("printf(\"%s %d\\n\", \"class(").append(type).append(")\", __builtin_classify_type((").append(type).append(") 0));\n"));
        compileAndRun(dir, "sizes", sizes);
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
        for (Map.Entry<String, Long> constant : constants().entrySet()) {
            c.append("printf(\"%s %llu\\n\", \"").append(constant.getKey()).append("\", (unsigned long long) (")
                    .append(constant.getKey()).append("));\n");
        }
        compileAndRun(dir, "layouts", c);
    }

    /** Compiles and runs a program that prints "name value" lines, and keeps them in GCC. */
    private static void compileAndRun(Path dir, String name, StringBuilder c) throws IOException, InterruptedException {
        c.append("return 0;\n}\n");
        Path source = dir.resolve(name + ".c");
        Path program = dir.resolve(name);
        Files.writeString(source, c);
        run(dir, "gcc", "-I/usr/include/p11-kit-1", "-o", program.toString(), source.toString());
        for (String line : run(dir, program.toString()).split("\n")) {
            int space = line.lastIndexOf(' ');
            GCC.put(line.substring(0, space), Long.parseUnsignedLong(line.substring(space + 1)));
        }
    }

    /** Every constant of {@link Ck}, by its name in the header. */
    private static Map<String, Long> constants() {
        Map<String, Long> out = new TreeMap<>();
        for (Field f : Ck.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == long.class) {
                try {
                    out.put(f.getName(), f.getLong(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
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
    void everyConstantHasTheHeadersValue() {
        for (Map.Entry<String, Long> constant : constants().entrySet()) {
            assertThat(constant.getValue()).as(constant.getKey()).isEqualTo(GCC.get(constant.getKey()));
        }
    }

    /** Every error of the token model reaches the application as a return value the header names. */
    @Test
    void everyErrorOfTheTokenModelIsANamedReturnValue() {
        List<EidException> errors = new ArrayList<>(List.of(new EidException("any"), new WrongPinException("PIN1", 2),
                new BlockedPinException("PIN1", "unblock it"), new PinFormatException("short"), new CardNotActivatedException("PIN1"),
                new CancelledPinEntryException()));
        for (CardAccessException.Reason reason : CardAccessException.Reason.values()) {
            errors.add(new CardAccessException(reason, "any"));
        }
        Map<Long, String> returnValues = new HashMap<>();
        constants().forEach((name, value) -> {
            if (name.startsWith("CKR_")) {
                returnValues.put(value, name);
            }
        });
        for (EidException e : errors) {
            long rv = Errors.rv(e);
            assertThat(returnValues).as("%s gives 0x%X, a CKR_ constant of Ck", e, rv).containsKey(rv);
        }
        assertThat(returnValues.get(Errors.rv(new CardAccessException(CardAccessException.Reason.UNSUPPORTED_CARD, "any"))))
                .isEqualTo("CKR_TOKEN_NOT_RECOGNIZED");
    }

    /** The upcall stub of each function takes what the header's declaration of it passes: pointers, CK_ULONGs, CK_BBOOLs. */
    @Test
    void everyFunctionHasADescriptorOfItsParameters() {
        assertThat(FunctionTable.FUNCTIONS.stream().map(FunctionTable::name)).containsExactlyInAnyOrderElementsOf(PARAMETERS.keySet());
        for (String function : FunctionTable.FUNCTIONS) {
            List<MemoryLayout> declared = new ArrayList<>();
            for (String type : PARAMETERS.get(FunctionTable.name(function))) {
                declared.add(GCC.get("class(" + type + ")") == 5 ? ValueLayout.ADDRESS : switch (GCC.get("sizeof(" + type + ")").intValue()) {
                    case 8 -> ValueLayout.JAVA_LONG;
                    case 1 -> ValueLayout.JAVA_BYTE;
                    default -> throw new AssertionError("sizeof(" + type + ") = " + GCC.get("sizeof(" + type + ")"));
                });
            }
            assertThat(FunctionTable.descriptor(function).argumentLayouts()).as(function).isEqualTo(declared);
        }
    }
}

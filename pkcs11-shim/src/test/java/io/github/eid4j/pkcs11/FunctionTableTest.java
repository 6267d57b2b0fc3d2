package io.github.eid4j.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The C bootstrap forwards each function of CK_FUNCTION_LIST to the Java table by its index
 * (module.c: C_Initialize by hand, the rest through the EID4J_FORWARDED X-macro). Each of those
 * must reach its Java method: a function without one, say a misnamed method, would otherwise
 * answer CKR_FUNCTION_NOT_SUPPORTED without anyone noticing.
 */
class FunctionTableTest {
    private static final Path MODULE_C = Path.of("src/main/c/module.c");

    /** The functions module.c hands to Java, by their index in the Java table. */
    private static Map<Integer, String> forwardedByC() throws IOException {
        Map<Integer, String> out = new TreeMap<>();
        String c = Files.readString(MODULE_C);
        Matcher x = Pattern.compile("\\bX\\((\\d+), (C_\\w+),").matcher(c);
        while (x.find()) {
            out.put(Integer.parseInt(x.group(1)), x.group(2));
        }
        Matcher initialize = Pattern.compile("\\(\\(CK_C_Initialize\\) java_function\\((\\d+)\\)\\)").matcher(c);
        assertThat(initialize.find()).as("module.c calls C_Initialize through the Java table").isTrue();
        out.put(Integer.parseInt(initialize.group(1)), "C_Initialize");
        return out;
    }

    /** The C_ methods of the chapters, by name, with their types. */
    private static Map<String, List<MethodType>> javaMethods() {
        Map<String, List<MethodType>> out = new TreeMap<>();
        for (Object chapter : new Cryptoki(ModuleConfig.none()).chapters()) {
            for (Method m : chapter.getClass().getDeclaredMethods()) {
                if (m.getName().startsWith("C_")) {
                    out.computeIfAbsent(m.getName(), k -> new ArrayList<>())
                            .add(MethodType.methodType(m.getReturnType(), m.getParameterTypes()));
                }
            }
        }
        return out;
    }

    @Test
    void theCSideAndTheJavaTableAgreeOnEveryIndex() throws IOException {
        Map<Integer, String> forwarded = forwardedByC();
        assertThat(forwarded).hasSize(FunctionTable.FUNCTIONS.size() - 1); // all but C_GetFunctionList, which C answers
        forwarded.forEach((index, name) -> assertThat(FunctionTable.name(FunctionTable.FUNCTIONS.get(index)))
                .as("Java table entry %d", index).isEqualTo(name));
    }

    @Test
    void everyForwardedFunctionHasItsJavaMethodOrIsDeclaredNotSupported() throws IOException {
        Map<String, List<MethodType>> methods = javaMethods();
        List<String> missing = new ArrayList<>();
        List<String> both = new ArrayList<>();
        for (String name : forwardedByC().values()) {
            String function = FunctionTable.FUNCTIONS.stream().filter(f -> FunctionTable.name(f).equals(name)).findFirst().orElseThrow();
            MethodType type = FunctionTable.descriptor(function).toMethodType();
            boolean implemented = methods.getOrDefault(name, List.of()).contains(type);
            if (!implemented && !FunctionTable.NOT_SUPPORTED.contains(name)) {
                missing.add(name + type);
            }
            if (implemented && FunctionTable.NOT_SUPPORTED.contains(name)) {
                both.add(name);
            }
        }
        assertThat(missing).as("functions without a Java method of their C type").isEmpty();
        assertThat(both).as("functions with a method that are declared not supported").isEmpty();
    }

    @Test
    void everyJavaMethodIsAFunctionOfTheTable() {
        TreeSet<String> table = new TreeSet<>(FunctionTable.FUNCTIONS.stream().map(FunctionTable::name).toList());
        assertThat(javaMethods().keySet()).as("C_ methods that no table entry reaches").isSubsetOf(table);
        assertThat(javaMethods().values()).as("functions with more than one method").allSatisfy(types -> assertThat(types).hasSize(1));
    }

    /** The stubs are made on first call, from the same rule: each one must be there, as a gap would fail only its call. */
    @Test
    void everyFunctionGetsItsStub() throws Throwable {
        Cryptoki cryptoki = new Cryptoki(ModuleConfig.none());
        MethodHandle resolver = Linker.nativeLinker().downcallHandle(FunctionTable.resolver(cryptoki),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        Set<Long> stubs = new HashSet<>();
        for (int i = 0; i < FunctionTable.FUNCTIONS.size(); i++) {
            String function = FunctionTable.FUNCTIONS.get(i);
            assertThatCode(() -> FunctionTable.implementation(cryptoki, function)).as(function).doesNotThrowAnyException();
            long stub = (long) resolver.invokeExact((long) i);
            assertThat(stub).as(function).isNotZero();
            assertThat((long) resolver.invokeExact((long) i)).as("%s made once", function).isEqualTo(stub);
            stubs.add(stub);
        }
        assertThat(stubs).as("one stub per function").hasSize(FunctionTable.FUNCTIONS.size());
        assertThat((long) resolver.invokeExact((long) FunctionTable.FUNCTIONS.size())).as("no function past the table").isZero();
        assertThat(Arrays.stream(Offsets.class.getDeclaredFields())).as("every offset resolved").isNotEmpty();
    }
}

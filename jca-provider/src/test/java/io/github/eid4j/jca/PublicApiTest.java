package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Maven user of jca-provider can use, read from the built modules' descriptors: the
 * packages of every module it reads through {@code requires transitive}, exported to everyone.
 * That must be exactly the public API that docs/jca.md lists; the card layers below stay internal.
 */
class PublicApiTest {
    private static final String MODULE = "io.github.eid4j.jca";

    @TempDir
    Path work;

    @Test
    void theProviderExportsItsOwnPackageOnlyAndPassesNoModuleOn() {
        ModuleDescriptor jca = modulePath().get(MODULE).descriptor();
        assertThat(jca.exports()).as("exports").allSatisfy(e -> assertThat(e.isQualified()).isFalse())
                .extracting(ModuleDescriptor.Exports::source).containsExactly(MODULE);
        assertThat(readModules()).as("the modules a user of %s reads", MODULE).containsExactly(MODULE);
    }

    @Test
    void aUserSeesExactlyTheDocumentedTypes() throws IOException {
        assertThat(reachableTypes()).isEqualTo(documentedTypes());
    }

    @Test
    void thePublicTypesShowNoInternalTypeInTheirSignatures() throws Exception {
        Set<String> api = documentedTypes();
        assertThat(api).as("the types docs/jca.md lists").isNotEmpty();
        List<String> leaks = new ArrayList<>();
        for (String name : api) {
            Class<?> type = Class.forName(name);
            List<Type> shown = new ArrayList<>();
            shown.add(type.getGenericSuperclass());
            shown.addAll(List.of(type.getGenericInterfaces()));
            List<Member> members = new ArrayList<>();
            members.addAll(List.of(type.getDeclaredConstructors()));
            members.addAll(List.of(type.getDeclaredMethods()));
            members.addAll(List.of(type.getDeclaredFields()));
            for (Member member : members) {
                // protected members count only where a user can subclass
                boolean visible = Modifier.isPublic(member.getModifiers())
                        || Modifier.isProtected(member.getModifiers()) && subclassable(type);
                if (!visible || member.isSynthetic()) {
                    continue;
                }
                List<Type> types = new ArrayList<>();
                if (member instanceof Executable e) {
                    types.addAll(List.of(e.getGenericParameterTypes()));
                    types.addAll(List.of(e.getGenericExceptionTypes()));
                    if (e instanceof java.lang.reflect.Method m) {
                        types.add(m.getGenericReturnType());
                    }
                } else {
                    types.add(((Field) member).getGenericType());
                }
                for (Type t : types) {
                    for (Class<?> used : classesIn(t)) {
                        if (!isJdk(used) && !api.contains(used.getName())) {
                            leaks.add(name + "." + member.getName() + " shows " + used.getName());
                        }
                    }
                }
            }
            for (Type t : shown) {
                for (Class<?> used : classesIn(t)) {
                    if (!isJdk(used) && !api.contains(used.getName())) {
                        leaks.add(name + " extends or implements " + used.getName());
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void aModuleThatRequiresTheProviderCompilesAgainstTheApiOnly() throws IOException {
        String usesTheApi = """
                package app;

                import io.github.eid4j.jca.Eid4jConfiguration;
                import io.github.eid4j.jca.Eid4jPrivateKey;
                import io.github.eid4j.jca.Eid4jProvider;
                import io.github.eid4j.jca.PinIncorrectException;
                import java.time.Duration;

                public class App {
                    public static String run() throws Exception {
                        Eid4jProvider first = new Eid4jProvider().configure("--virtual=demo");
                        Eid4jProvider second = new Eid4jProvider(Eid4jConfiguration.reader("Virtual PCD 00 00").cardTimeout(Duration.ofSeconds(5)));
                        java.security.KeyStore store = java.security.KeyStore.getInstance(Eid4jProvider.KEY_STORE_TYPE, first);
                        try {
                            store.load(null, null);
                            Eid4jPrivateKey key = (Eid4jPrivateKey) store.getKey(Eid4jProvider.SIGNATURE_ALIAS, null);
                            return key.alias() + " " + key.certificate().getSubjectX500Principal() + second.getName();
                        } catch (PinIncorrectException e) {
                            return e.pin() + " " + e.triesLeft();
                        }
                    }
                }
                """;
        assertThat(compile(usesTheApi)).as("a consumer of the documented API").isEmpty();

        String usesTheEmulator = """
                package app;

                public class App {
                    static io.github.eid4j.apdu.emulator.CardFolder folder;
                }
                """;
        assertThat(compile(usesTheEmulator)).as("the virtual-card engine").contains("io.github.eid4j.apdu.emulator is not visible");

        String usesTheTokenModel = """
                package app;

                public class App {
                    static io.github.eid4j.card.EidCard card;
                }
                """;
        assertThat(compile(usesTheTokenModel)).as("the token model").contains("io.github.eid4j.card is not visible");
    }

    /** javac's errors (none when it compiled) for a module {@code app} that requires the provider, with the built modules on the module path. */
    private String compile(String appSource) throws IOException {
        Path sources = Files.createDirectories(work.resolve("src-" + System.nanoTime()));
        Files.writeString(sources.resolve("module-info.java"), "module app { requires " + MODULE + "; }\n");
        Files.createDirectories(sources.resolve("app"));
        Files.writeString(sources.resolve("app/App.java"), appSource);
        Map<String, ModuleReference> modules = modulePath();
        String path = dependencies(modules).stream()
                .map(name -> Path.of(modules.get(name).location().orElseThrow()).toString())
                .collect(Collectors.joining(java.io.File.pathSeparator));
        // javac through java.base's ToolProvider: these tests compile inside the provider's module, which reads no java.compiler
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("this JDK has no javac"));
        StringWriter errors = new StringWriter();
        int status = javac.run(new PrintWriter(errors), new PrintWriter(errors), "-d", work.resolve("out-" + System.nanoTime()).toString(),
                "--module-path", path, sources.resolve("module-info.java").toString(), sources.resolve("app/App.java").toString());
        return status == 0 ? "" : errors.toString();
    }

    // ---- the module graph as the build made it

    /** Every module on this test's class path (the built jars and class folders), by name. */
    private static Map<String, ModuleReference> modulePath() {
        Map<String, ModuleReference> modules = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            boolean module = entry.endsWith(".jar") || Files.isRegularFile(path.resolve("module-info.class"));
            if (!module || !Files.exists(path)) {
                continue;
            }
            try {
                ModuleFinder.of(path).findAll().forEach(m -> modules.putIfAbsent(m.descriptor().name(), m));
            } catch (FindException e) {
                // a jar that is no module (not even an automatic one) cannot be on a module path
            }
        }
        return modules;
    }

    /** The provider and every module it needs at compile time, found on the class path. */
    private static Set<String> dependencies(Map<String, ModuleReference> modules) {
        Set<String> found = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(MODULE));
        while (!next.isEmpty()) {
            String name = next.pop();
            ModuleReference module = modules.get(name);
            if (module == null || !found.add(name)) {
                continue;
            }
            module.descriptor().requires().stream().filter(r -> !r.modifiers().contains(Requires.Modifier.STATIC))
                    .forEach(r -> next.push(r.name()));
        }
        return found;
    }

    /** The provider's module and those it reads on behalf of its users ({@code requires transitive}, recursively). */
    private static Set<String> readModules() {
        Map<String, ModuleReference> modules = modulePath();
        Set<String> read = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(MODULE));
        while (!next.isEmpty()) {
            String name = next.pop();
            if (!read.add(name)) {
                continue;
            }
            Optional<ModuleReference> module = Optional.ofNullable(modules.get(name)).or(() -> ModuleFinder.ofSystem().find(name));
            module.orElseThrow(() -> new AssertionError("module " + name + " is not on the class path")).descriptor().requires().stream()
                    .filter(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
                    .forEach(r -> next.push(r.name()));
        }
        return read;
    }

    /** The public types in the unqualified exports of every module a user reads (the JDK's own left out). */
    private static Set<String> reachableTypes() throws IOException {
        Map<String, ModuleReference> modules = modulePath();
        Set<String> types = new TreeSet<>();
        for (String name : readModules()) {
            ModuleReference module = modules.get(name);
            if (module == null) {
                continue; // a JDK module
            }
            Set<String> exported = module.descriptor().exports().stream().filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
            try (ModuleReader reader = module.open(); Stream<String> entries = reader.list()) {
                for (String entry : (Iterable<String>) entries::iterator) {
                    if (!entry.endsWith(".class") || entry.endsWith("module-info.class") || entry.startsWith("META-INF/")) {
                        continue;
                    }
                    String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                    if (exported.contains(className.substring(0, className.lastIndexOf('.'))) && isPublicType(className)) {
                        types.add(className);
                    }
                }
            }
        }
        return types;
    }

    private static boolean isPublicType(String className) {
        try {
            Class<?> type = Class.forName(className, false, PublicApiTest.class.getClassLoader());
            for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
                if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass() || t.isSynthetic()) {
                    return false;
                }
            }
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError("cannot load " + className, e);
        }
    }

    /** The types of the table under "## The public API" in docs/jca.md, as binary names in the provider's package. */
    private static Set<String> documentedTypes() throws IOException {
        Path doc = Path.of(System.getProperty("basedir", ".")).resolve("../docs/jca.md");
        List<String> lines = Files.readAllLines(doc);
        int start = lines.indexOf("## The public API");
        Set<String> types = new TreeSet<>();
        if (start < 0) {
            return types;
        }
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("| `")) {
                String simple = line.substring(3, line.indexOf('`', 3));
                types.add(MODULE + "." + simple.replace('.', '$'));
            }
        }
        return types;
    }

    // ---- reading signatures

    private static boolean subclassable(Class<?> type) {
        return !Modifier.isFinal(type.getModifiers()) && Stream.of(type.getDeclaredConstructors())
                .anyMatch(c -> Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers()));
    }

    private static boolean isJdk(Class<?> type) {
        return type.isPrimitive() || type.getClassLoader() == null || type.getClassLoader() == ClassLoader.getPlatformClassLoader();
    }

    private static Set<Class<?>> classesIn(Type type) {
        Set<Class<?>> found = new java.util.HashSet<>();
        collect(type, found);
        return found;
    }

    private static void collect(Type type, Set<Class<?>> found) {
        if (type instanceof Class<?> c) {
            found.add(c.isArray() ? c.getComponentType() : c);
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), found);
            Stream.of(p.getActualTypeArguments()).forEach(a -> collect(a, found));
        } else if (type instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), found);
        } else if (type instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).forEach(b -> collect(b, found));
        } else if (type instanceof TypeVariable<?> v) {
            Stream.of(v.getBounds()).forEach(b -> collect(b, found));
        }
    }
}

package io.github.eid4j.pkcs11;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The one method the C bootstrap calls, once, through JNI: it returns the upcall stub that makes
 * the others ({@link FunctionTable}). Everything after that goes through the stubs.
 */
public final class Bootstrap {
    private static MemorySegment resolver;

    private Bootstrap() {
    }

    /**
     * @param configPath the config file the C side found (EID4J_PKCS11_CONF, or eid4j-pkcs11.conf
     *     beside the module), or null if there is none
     * @param tokens which tokens this build of the C bootstrap shows: "all", or "authentication"
     *     (libeid4j-pkcs11-login.so, for browsers)
     * @return the address of the upcall stub {@code long stub(CK_ULONG index)}, which gives the
     *     upcall stub of the CK_FUNCTION_LIST entry at that index
     */
    public static synchronized long stubResolver(String configPath, String tokens) throws Exception {
        if (resolver == null) {
            ModuleConfig config = configPath == null ? ModuleConfig.none() : ModuleConfig.read(Path.of(configPath));
            config = config.showing(tokens);
            if (config.debug()) {
                Log.enableDebug();
            }
            resolver = FunctionTable.resolver(new Cryptoki(config));
        }
        return resolver.address();
    }
}

package io.github.eid4j.pkcs11;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The one method the C bootstrap calls, once, through JNI: it builds the table of upcall stubs
 * and returns its address. Everything after that goes through the stubs.
 */
public final class Bootstrap {
    private static MemorySegment table;

    private Bootstrap() {
    }

    /**
     * @param configPath the config file the C side found (EID4J_PKCS11_CONF, or eid4j-pkcs11.conf
     *     beside the module), or null if there is none
     * @param tokens which tokens this build of the C bootstrap shows: "all", or "authentication"
     *     (libeid4j-pkcs11-login.so, for browsers)
     * @return the address of 68 function pointers, in CK_FUNCTION_LIST order
     */
    public static synchronized long functionTable(String configPath, String tokens) throws Exception {
        if (table == null) {
            ModuleConfig config = configPath == null ? ModuleConfig.none() : ModuleConfig.read(Path.of(configPath));
            config = config.showing(tokens);
            if (config.debug()) {
                Log.enableDebug();
            }
            table = FunctionTable.build(new Cryptoki(config));
        }
        return table.address();
    }
}

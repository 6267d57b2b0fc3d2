/** The Eid4j JCA provider: eID card keys for JSSE, keytool, jarsigner and any JCA application. */
module io.github.eid4j.jca {
    requires transitive io.github.eid4j.card;

    exports io.github.eid4j.jca;

    provides java.security.Provider with io.github.eid4j.jca.Eid4jProvider;
}

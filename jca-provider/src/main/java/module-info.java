/**
 * The Eid4j JCA provider: eID card keys for JSSE, keytool, jarsigner and any JCA application.
 * Its one package is its whole API (docs/jca.md lists it); the card layers it is built on are
 * read, not passed on, so an application sees none of their types.
 */
module io.github.eid4j.jca {
    requires io.github.eid4j.card;
    requires io.github.eid4j.apdu;
    requires org.bouncycastle.provider;

    exports io.github.eid4j.jca;

    provides java.security.Provider with io.github.eid4j.jca.Eid4jProvider;
}

/**
 * The PKCS#11 module in Java: the functions behind libeid4j-pkcs11.so's FFM upcall stubs, with
 * slots, tokens, sessions, objects and mechanisms over the token model. It runs on the class path
 * of the JVM the C bootstrap starts or joins; only Bootstrap is called from outside.
 */
module io.github.eid4j.pkcs11 {
    requires io.github.eid4j.card;
    requires io.github.eid4j.apdu;
    requires org.bouncycastle.provider;
    requires java.naming;
    // Only the PIN dialog program (package dialog) uses it, in a process of its own, never the module.
    requires static java.desktop;

    exports io.github.eid4j.pkcs11;
}

/**
 * ISO 7816-4 codec, BER-TLV, card transports and their decorators, secure messaging and PACE, and the virtual-card engine.
 * Internal to eid4j: each package is exported only to the eid4j modules that use it (the tests of
 * a module compile inside it); applications use a front end (the JCA provider, the PKCS#11 module).
 */
// The modules named in the qualified exports are built after this one: javac cannot find them yet.
@SuppressWarnings("module")
module io.github.eid4j.apdu {
    requires java.smartcardio;
    requires jdk.net;
    requires jnasmartcardio;
    requires com.sun.jna;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;

    exports io.github.eid4j.apdu to io.github.eid4j.card, io.github.eid4j.jca, io.github.eid4j.pkcs11;
    exports io.github.eid4j.apdu.tlv to io.github.eid4j.card;
    exports io.github.eid4j.apdu.transport to io.github.eid4j.card, io.github.eid4j.jca, io.github.eid4j.pkcs11;
    exports io.github.eid4j.apdu.pcsc to io.github.eid4j.card, io.github.eid4j.jca, io.github.eid4j.pkcs11;
    exports io.github.eid4j.apdu.vpcd to io.github.eid4j.card, io.github.eid4j.pkcs11;
    exports io.github.eid4j.apdu.emulator to io.github.eid4j.card, io.github.eid4j.jca, io.github.eid4j.pkcs11;
    exports io.github.eid4j.apdu.sm to io.github.eid4j.card, io.github.eid4j.jca, io.github.eid4j.pkcs11;
    exports io.github.eid4j.apdu.pace to io.github.eid4j.card, io.github.eid4j.jca, io.github.eid4j.pkcs11;

    uses io.github.eid4j.apdu.emulator.VirtualCardProfile;
    provides io.github.eid4j.apdu.emulator.VirtualCardProfile with io.github.eid4j.apdu.emulator.IsoTestProfile;
}

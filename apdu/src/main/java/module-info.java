/** ISO 7816-4 codec, BER-TLV, card transports and their decorators, secure messaging and PACE, and the virtual-card engine. */
module io.github.eid4j.apdu {
    requires transitive java.smartcardio;
    requires jdk.net;
    requires jnasmartcardio;
    requires com.sun.jna;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;

    exports io.github.eid4j.apdu;
    exports io.github.eid4j.apdu.tlv;
    exports io.github.eid4j.apdu.transport;
    exports io.github.eid4j.apdu.sm;
    exports io.github.eid4j.apdu.pace;
    exports io.github.eid4j.apdu.pcsc;
    exports io.github.eid4j.apdu.vpcd;
    exports io.github.eid4j.apdu.emulator;

    uses io.github.eid4j.apdu.emulator.VirtualCardProfile;
    provides io.github.eid4j.apdu.emulator.VirtualCardProfile with io.github.eid4j.apdu.emulator.IsoTestProfile;
}

/**
 * The token model shared by every front end, the card profiles and their virtual cards, and the
 * test PKI. Internal to eid4j: the token model is exported only to the front ends, and the
 * profiles' packages to the tests of the modules that use them (tests compile inside their module).
 */
// The modules named in the qualified exports are built after this one: javac cannot find them yet.
@SuppressWarnings("module")
module io.github.eid4j.card {
    requires io.github.eid4j.apdu;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires jdk.httpserver;
    requires com.sun.jna;

    exports io.github.eid4j.card to io.github.eid4j.jca, io.github.eid4j.pkcs11;
    exports io.github.eid4j.card.fineid to io.github.eid4j.jca, io.github.eid4j.pkcs11;
    exports io.github.eid4j.card.luxembourg to io.github.eid4j.jca, io.github.eid4j.pkcs11;
    exports io.github.eid4j.card.pkcs11bridge to io.github.eid4j.jca;

    uses io.github.eid4j.card.CardProfile;
    provides io.github.eid4j.card.CardProfile
            with io.github.eid4j.card.fineid.FineidProfile, io.github.eid4j.card.luxembourg.LuxembourgProfile;
    provides io.github.eid4j.apdu.emulator.VirtualCardProfile
            with io.github.eid4j.card.fineid.FineidVirtualCard.V3, io.github.eid4j.card.fineid.FineidVirtualCard.V4,
                    io.github.eid4j.card.luxembourg.LuxembourgVirtualCard;
}

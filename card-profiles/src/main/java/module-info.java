/** The token model shared by every front end, the card profiles and their virtual cards, and the test PKI. */
module io.github.eid4j.card {
    requires transitive io.github.eid4j.apdu;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;

    exports io.github.eid4j.card;
    exports io.github.eid4j.card.fineid;
    exports io.github.eid4j.card.luxembourg;
    exports io.github.eid4j.card.pki;
    exports io.github.eid4j.card.pkcs15;

    uses io.github.eid4j.card.CardProfile;
    provides io.github.eid4j.card.CardProfile with io.github.eid4j.card.fineid.FineidProfile;
    provides io.github.eid4j.apdu.emulator.VirtualCardProfile
            with io.github.eid4j.card.fineid.FineidVirtualCard.V3, io.github.eid4j.card.fineid.FineidVirtualCard.V4,
                    io.github.eid4j.card.luxembourg.LuxembourgVirtualCard;
}

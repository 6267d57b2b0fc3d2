/** The token model shared by every front end, the card profiles and their virtual cards, and the test PKI. */
module io.github.eid4j.card {
    requires transitive io.github.eid4j.apdu;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;

    exports io.github.eid4j.card;

    uses io.github.eid4j.card.CardProfile;
    provides io.github.eid4j.card.CardProfile with io.github.eid4j.card.fineid.FineidProfile;
}

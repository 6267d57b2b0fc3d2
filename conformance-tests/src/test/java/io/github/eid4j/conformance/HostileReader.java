package io.github.eid4j.conformance;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.testing.HostileCard;
import io.github.eid4j.testing.HostileCard.Misbehaviour;
import io.github.eid4j.testing.Pcscd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * One activated FINEID v4 card (PIN1 1234, PIN2 123456) in reader "Virtual PCD 00 00" through
 * pcscd's vpcd, wrapped in a {@link HostileCard}: a test class serves it once and switches the
 * misbehaviour per case, so the suite pays for one card and one bridge, not one per case.
 */
final class HostileReader implements AutoCloseable {
    /** The time limit every front end gets for one card command: short, so that silence costs little. */
    static final Duration LIMIT = Duration.ofSeconds(2);
    /** How late a slow card answers: well within the limit. */
    static final Duration SLOW = Duration.ofMillis(1200);
    /** How long a front end may take over one case, JVM start included; a hang takes for ever. */
    static final Duration BOUND = Duration.ofSeconds(25);
    static final String READER = Pcscd.READER_0;
    static final String PIN1 = "1234";
    static final String PIN2 = "123456";

    /** A misbehaviour, from the first command or from the first PSO (the signature) on. */
    record Case(Misbehaviour misbehaviour, boolean atPso) {
        /** Only a slow card still does the job; every other case must fail with a sentence or a code. */
        boolean works() {
            return misbehaviour == Misbehaviour.SLOW;
        }

        @Override
        public String toString() {
            return misbehaviour + (atPso ? " at PSO" : "");
        }
    }

    /** Every misbehaviour from the first command: what a command that only reads the card meets. */
    static Stream<Case> whileReading() {
        return Stream.of(Misbehaviour.values()).filter(m -> m != Misbehaviour.NONE).map(m -> new Case(m, false));
    }

    /** The cases of {@link #whileReading}, and those that start at the signature itself. */
    static Stream<Case> whileSigning() {
        return Stream.concat(whileReading(), Stream.of(Misbehaviour.SLOW, Misbehaviour.OK_WITHOUT_DATA, Misbehaviour.RANDOM_BYTES,
                Misbehaviour.ENDLESS_61XX, Misbehaviour.LOOP_6CXX, Misbehaviour.SILENT).map(m -> new Case(m, true)));
    }

    final Path home;
    private final VirtualCards.OpenCard open;
    private final HostileCard card;
    private final VpcdBridge bridge;

    private HostileReader(Path home, VirtualCards.OpenCard open, HostileCard card, VpcdBridge bridge) {
        this.home = home;
        this.open = open;
        this.card = card;
        this.bridge = bridge;
    }

    /** Creates the card in {@code home} and inserts it. */
    static HostileReader serve(Path home) throws Exception {
        Pcscd.requireVpcdReaders();
        VirtualCards cards = new VirtualCards(home);
        cards.create("hostile", "fineid-v4", true);
        VirtualCards.OpenCard open = cards.open("hostile");
        HostileCard card = new HostileCard(open.card(), SLOW);
        VpcdBridge bridge = VpcdBridge.start(card, Pcscd.PORT_0);
        Pcscd.awaitReader(READER, r -> r.cardPresent(), "the hostile card");
        return new HostileReader(home, open, card, bridge);
    }

    /** The card misbehaves as the case says from now on (a card silent before answers again). */
    void behave(Case c) {
        card.behave(c.misbehaviour(), c.atPso() ? HostileCard.PSO : -1);
    }

    /** The card behaves again. */
    void calm() {
        card.behave(Misbehaviour.NONE);
    }

    @Override
    public void close() throws Exception {
        card.close();
        bridge.close();
        open.close();
        Pcscd.awaitReader(READER, r -> !r.cardPresent(), "empty");
    }
}

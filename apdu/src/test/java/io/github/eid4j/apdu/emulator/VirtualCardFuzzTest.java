package io.github.eid4j.apdu.emulator;

import static io.github.eid4j.apdu.emulator.TestCards.PIN1;
import static io.github.eid4j.apdu.emulator.TestCards.PIN1_VALUE;
import static io.github.eid4j.apdu.emulator.TestCards.PIN2;
import static io.github.eid4j.apdu.emulator.TestCards.PIN2_VALUE;
import static io.github.eid4j.apdu.emulator.TestCards.PUK;
import static io.github.eid4j.apdu.emulator.TestCards.PUK_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Random APDUs against the card OS: fully random bytes, and commands shaped like the card's own
 * (its instructions, parameters, file identifiers, AIDs, security environments and PIN blocks),
 * on a T=1 and a T=0 card and on one that is not activated yet. Each try starts from random try
 * counters, so that a try given back is visible, and sends 1 to 40 commands.
 */
class VirtualCardFuzzTest {
    private static final int[] REFERENCES = {PIN1, PIN2, PUK};
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    enum Card {
        T1, T0, T1_NOT_ACTIVATED
    }

    /** Which right secrets the commands may hold besides random data. */
    enum Secrets {
        /** Only a right VERIFY of PIN1: it opens the protected files and keys, and changes no PIN. */
        PIN1_LOGIN,
        /** Also PIN2 and the PUK, and CHANGE REFERENCE DATA and RESET RETRY COUNTER that carry them. */
        ALL
    }

    /** A card, how many wrong PINs each counter starts with, and the commands; printed as hex when a try fails. */
    record Scenario(Card card, int wrongPin1, int wrongPin2, int wrongPuk, List<byte[]> commands) {
        @Override
        public String toString() {
            return card + ", wrong PIN1/PIN2/PUK before: " + wrongPin1 + "/" + wrongPin2 + "/" + wrongPuk + ", commands:\n  "
                    + commands.stream().map(Hex::plain).collect(Collectors.joining("\n  "));
        }
    }

    // ---- properties

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void everyAnswerEndsInAPlausibleStatusWordAndNothingEscapes(@ForAll("withAllSecrets") Scenario scenario) {
        Run run = start(scenario, new RecordingMemory(0, 0));
        for (byte[] command : scenario.commands()) {
            run.send(command);
        }
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void noPinChangesWithoutItsReferenceData(@ForAll("withPin1Login") Scenario scenario) {
        Run run = start(scenario, new RecordingMemory(0, 0));
        Map<Integer, String> before = values(run.image);
        for (byte[] command : scenario.commands()) {
            run.send(command);
        }
        assertThat(values(run.image)).as("PIN values (initial flag, salt:hash) after the commands").isEqualTo(before);
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void noTryComesBackWithoutASuccessfulPinCommand(@ForAll("withAllSecrets") Scenario scenario) {
        Run run = start(scenario, new RecordingMemory(0, 0));
        Map<Integer, Integer> start = tries(run.image);
        Set<Integer> restorable = new TreeSet<>();
        for (byte[] command : scenario.commands()) {
            Map<Integer, Integer> before = tries(run.image);
            byte[] answer = run.send(command);
            Set<Integer> restored = restoredBy(run.image, command, answer);
            restorable.addAll(restored);
            tries(run.image).forEach((reference, after) -> {
                if (!restored.contains(reference)) {
                    assertThat(after).as("tries left of %02X after %s -> %s", reference, Hex.plain(command), Hex.plain(answer))
                            .isLessThanOrEqualTo(before.get(reference));
                }
            });
        }
        tries(run.image).forEach((reference, after) -> {
            if (!restorable.contains(reference)) {
                assertThat(after).as("tries left of %02X after the sequence", reference).isLessThanOrEqualTo(start.get(reference));
            }
        });
    }

    /**
     * A memory that fails at random. A wrong-PIN answer 63Cx must carry the counter that was made
     * durable before it (a status query may show fewer tries, after a decrement whose write
     * failed, but never more). After every answer, what the card holds is what was last kept:
     * the same PIN values and writable files, and no counter above the kept one, so a command
     * answered 6581 leaves no change in effect that the memory refused.
     */
    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void aFailingMemoryNeverLetsTheCardGetAheadOfWhatItKept(@ForAll("withAllSecrets") Scenario scenario, @ForAll long seed,
            @ForAll @IntRange(min = 5, max = 60) int failurePercent) {
        RecordingMemory memory = new RecordingMemory(seed, failurePercent);
        Run run = start(scenario, memory);
        memory.failing = true;
        for (byte[] command : scenario.commands()) {
            byte[] answer = run.send(command);
            String what = Hex.plain(command) + " -> " + Hex.plain(answer);
            int sw = sw(answer);
            if ((sw & 0xFFF0) == 0x63C0) {
                int reference = comparedReference(run.image, command);
                assertThat(sw & 0x0F).as("tries left in the memory after %s", what).isEqualTo(run.image.pin(reference).triesLeft());
                if (mayBeAStatusQuery(command)) {
                    assertThat(sw & 0x0F).as("kept tries after %s", what).isLessThanOrEqualTo(memory.keptTries(reference));
                } else {
                    assertThat(sw & 0x0F).as("kept tries after %s", what).isEqualTo(memory.keptTries(reference));
                }
            }
            Map<String, String> now = durable(run.image);
            now.forEach((key, state) -> {
                String kept = memory.kept.get(key);
                if (key.startsWith("pin.")) {
                    assertThat(valuePart(state)).as("%s after %s", key, what).isEqualTo(valuePart(kept));
                    assertThat(triesPart(state)).as("%s tries after %s", key, what).isLessThanOrEqualTo(triesPart(kept));
                } else {
                    assertThat(state).as("%s after %s", key, what).isEqualTo(kept);
                }
            });
        }
    }

    /** VERIFY without data in this APDU: a status query, or the last part of a chain (the property then checks less). */
    private static boolean mayBeAStatusQuery(byte[] command) {
        return (command[1] & 0xFF) == 0x20 && CommandApdu.parse(command).nc() == 0;
    }

    // ---- running a scenario

    private static final class Run {
        final CardImage image;
        final VirtualCard card;

        Run(CardImage image, VirtualCard card) {
            this.image = image;
            this.card = card;
        }

        /** Sends a command and checks the form of the answer, which every property needs. */
        byte[] send(byte[] command) {
            byte[] answer;
            try {
                answer = card.process(command.clone());
            } catch (Throwable e) {
                throw new AssertionError("process() threw on " + Hex.plain(command), e);
            }
            assertWellFormed(command, answer);
            return answer;
        }
    }

    /**
     * At least SW1 SW2; SW1 90 (only 9000) or 61..6F; data only with 9000, 61xx and 6282; and
     * never 6F00, which the engine gives only when a command threw inside it.
     */
    static void assertWellFormed(byte[] command, byte[] answer) {
        assertThat(answer).as("answer to %s", Hex.plain(command)).isNotNull().hasSizeGreaterThanOrEqualTo(2);
        int sw = sw(answer);
        int sw1 = sw >> 8;
        String what = "answer " + Hex.plain(answer) + " to " + Hex.plain(command);
        assertThat(sw1 == 0x90 ? sw == 0x9000 : sw1 >= 0x61 && sw1 <= 0x6F).as(what + ": a status word").isTrue();
        assertThat(sw).as(what + ": 6F00 is the engine's own internal error").isNotEqualTo(0x6F00);
        if (answer.length > 2) {
            assertThat(sw == 0x9000 || sw1 == 0x61 || sw == 0x6282).as(what + ": data with an error status").isTrue();
        }
    }

    private static Run start(Scenario scenario, RecordingMemory memory) {
        boolean activated = scenario.card() != Card.T1_NOT_ACTIVATED;
        CardImage image = TestCards.image(scenario.card() == Card.T0 ? TestCards.t0() : TestCards.t1(), activated);
        memory.kept = durable(image); // what personalisation wrote
        VirtualCard card = new VirtualCard(image, memory);
        card.powerOn();
        if (activated) {
            spend(card, PIN1, scenario.wrongPin1());
            spend(card, PIN2, scenario.wrongPin2());
        }
        spend(card, PUK, scenario.wrongPuk());
        return new Run(image, card);
    }

    /** Wrong VERIFYs, so that the counters start lower than their maximum (or blocked). */
    private static void spend(VirtualCard card, int reference, int wrong) {
        for (int i = 0; i < wrong; i++) {
            int sw = sw(card.process(new CommandApdu(0x00, 0x20, 0x00, reference, new byte[12]).toBytes()));
            assertThat(sw & 0xFFF0).isEqualTo(0x63C0);
        }
    }

    /**
     * The references whose counter this answer may have restored: a 9000 to VERIFY, CHANGE
     * REFERENCE DATA or RESET RETRY COUNTER (not a logout) restores P2's counter, and RESET
     * RETRY COUNTER also its PUK's. Over-approximated on purpose (a 9000 to a part of a chain, or
     * to a status query, counts too): the property must never blame a legitimate restore.
     */
    private static Set<Integer> restoredBy(CardImage image, byte[] command, byte[] answer) {
        Set<Integer> restored = new TreeSet<>();
        if (command.length < 4 || sw(answer) != 0x9000) {
            return restored;
        }
        int ins = command[1] & 0xFF;
        int p1 = command[2] & 0xFF;
        int p2 = command[3] & 0xFF;
        if ((ins == 0x20 || ins == 0x24 || ins == 0x2C) && p1 != 0xFF) {
            restored.add(p2);
            ReferenceData pin = image.pin(p2);
            if (ins == 0x2C && pin != null && pin.unblockingReference() >= 0) {
                restored.add(pin.unblockingReference());
            }
        }
        return restored;
    }

    /** The reference a 63Cx answers for: P2, or for RESET RETRY COUNTER the PUK of P2. */
    private static int comparedReference(CardImage image, byte[] command) {
        assertThat(command.length).as("63Cx to %s", Hex.plain(command)).isGreaterThanOrEqualTo(4);
        int ins = command[1] & 0xFF;
        int p2 = command[3] & 0xFF;
        assertThat(ins).as("63Cx to %s", Hex.plain(command)).isIn(0x20, 0x24, 0x2C);
        ReferenceData pin = image.pin(p2);
        assertThat(pin).as("63Cx to %s", Hex.plain(command)).isNotNull();
        return ins == 0x2C ? pin.unblockingReference() : p2;
    }

    static int sw(byte[] answer) {
        return ((answer[answer.length - 2] & 0xFF) << 8) | (answer[answer.length - 1] & 0xFF);
    }

    // ---- the card's durable state

    /** Each PIN's value: "initial,salt:hash" (the salt is drawn anew whenever a value is set). */
    private static Map<Integer, String> values(CardImage image) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (ReferenceData pin : image.pins()) {
            out.put(pin.reference(), valuePart(pin.durableState()));
        }
        return out;
    }

    /** "tries,initial,salt:hash" without the tries. */
    static String valuePart(String durableState) {
        return durableState.substring(durableState.indexOf(',') + 1);
    }

    static int triesPart(String durableState) {
        return Integer.parseInt(durableState.substring(0, durableState.indexOf(',')));
    }

    private static Map<Integer, Integer> tries(CardImage image) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (int reference : REFERENCES) {
            out.put(reference, image.pin(reference).triesLeft());
        }
        return out;
    }

    /** What a card folder keeps of the image: every PIN's state and every writable EF's content. */
    static Map<String, String> durable(CardImage image) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ReferenceData pin : image.pins()) {
            out.put(String.format("pin.%02X", pin.reference()), pin.durableState());
        }
        collectWritable(image.masterFile(), out);
        return out;
    }

    private static void collectWritable(DedicatedFile df, Map<String, String> out) {
        for (CardFile f : df.children()) {
            if (f instanceof DedicatedFile child) {
                collectWritable(child, out);
            } else if (((ElementaryFile) f).updateCondition().kind() != AccessCondition.Kind.NEVER) {
                out.put("ef." + f.path(), HEX.formatHex(((ElementaryFile) f).content()));
            }
        }
    }

    /** Keeps a copy of the durable state at each successful persist; fails a share of the writes when told to. */
    static final class RecordingMemory implements NonVolatileMemory {
        private final Random random;
        private final int failurePercent;
        boolean failing;
        Map<String, String> kept;

        RecordingMemory(long seed, int failurePercent) {
            this.random = new Random(seed);
            this.failurePercent = failurePercent;
        }

        @Override
        public void persist(CardImage image) throws IOException {
            if (failing && random.nextInt(100) < failurePercent) {
                throw new IOException("simulated write failure");
            }
            kept = durable(image);
        }

        int keptTries(int reference) {
            return triesPart(kept.get(String.format("pin.%02X", reference)));
        }
    }

    // ---- generators

    @Provide
    Arbitrary<Scenario> withAllSecrets() {
        return scenarios(Secrets.ALL);
    }

    @Provide
    Arbitrary<Scenario> withPin1Login() {
        return scenarios(Secrets.PIN1_LOGIN);
    }

    private static Arbitrary<Scenario> scenarios(Secrets secrets) {
        Arbitrary<Integer> wrong = Arbitraries.integers().between(0, 5);
        Arbitrary<List<byte[]>> commands = steps(secrets).list().ofMinSize(1).ofMaxSize(40)
                .map(steps -> steps.stream().flatMap(List::stream).limit(40).toList());
        return Combinators.combine(Arbitraries.of(Card.class), wrong, wrong, wrong, commands).as(Scenario::new);
    }

    /** Mostly one command; sometimes a SELECT that answers its FCP, behind 61xx or not, and GET RESPONSEs. */
    private static Arbitrary<List<byte[]>> steps(Secrets secrets) {
        Arbitrary<byte[]> select = Combinators.combine(Arbitraries.of(SELECTABLE), Arbitraries.of(0x00, 0x04), Arbitraries.of(-1, 0x00, 0x01, 0x05, 0x10))
                .as((target, p2, le) -> encode(0x00, 0xA4, target.get1(), p2, Hex.decode(target.get2()), le, false, 0));
        Arbitrary<byte[]> getResponse = usually(Arbitraries.of(0x00, 0x01, 0x05, 0x10, 0x20, 0xFF))
                .map(le -> encode(0x00, 0xC0, 0x00, 0x00, new byte[0], le, false, 0));
        Arbitrary<List<byte[]>> withResponses = Combinators.combine(select, getResponse.list().ofMinSize(1).ofMaxSize(2))
                .as((first, responses) -> {
                    List<byte[]> out = new ArrayList<>(List.of(first));
                    out.addAll(responses);
                    return out;
                });
        if (secrets == Secrets.PIN1_LOGIN) {
            return Arbitraries.frequencyOf(List.of(Tuple.of(9, command(secrets).map(List::of)), Tuple.of(1, withResponses)));
        }
        Arbitrary<List<byte[]>> update = update().map(command -> List.of(
                apdu("00200011 0C" + TestCards.block(PIN1_VALUE)), apdu("00A4080C 04 50004400"), command));
        return Arbitraries.frequencyOf(List.of(Tuple.of(9, command(secrets).map(List::of)), Tuple.of(1, withResponses), Tuple.of(1, update)));
    }

    /** UPDATE BINARY of 1 to 16 bytes within the current EF 4400's 16. */
    private static Arbitrary<byte[]> update() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16)
                .map(d -> new CommandApdu(0x00, 0xD6, 0x00, 16 - d.length, d).toBytes());
    }

    /** P1 and the data of a SELECT that finds a file or application. */
    private static final List<Tuple.Tuple2<Integer, String>> SELECTABLE = List.of(
            Tuple.of(0x08, "50004331"), Tuple.of(0x08, "3F0050004331"), Tuple.of(0x08, "500050164332"), Tuple.of(0x08, "50005032"),
            Tuple.of(0x00, "3F00"), Tuple.of(0x00, "5000"), Tuple.of(0x04, "A000000063504B43532D3135"),
            Tuple.of(0x04, "A00000006350"), Tuple.of(0x04, "A000000063504B43532D3136"));

    private static Arbitrary<byte[]> command(Secrets secrets) {
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                Tuple.of(12, structured()),
                Tuple.of(2, guesses()),
                Tuple.of(2, secrets == Secrets.ALL ? withSecrets() : pin1Login())));
    }

    /**
     * What an attacker sends: well-formed VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER
     * with guessed PINs and PUKs and acceptable new PINs, which reach the comparison and show
     * whether anything changes before it.
     */
    private static Arbitrary<byte[]> guesses() {
        Arbitrary<String> guess = digits(4, 8);
        Arbitrary<String> newPin = digits(6, 8);
        Arbitrary<Integer> reference = Arbitraries.of(PIN1, PIN2, PUK);
        return Arbitraries.oneOf(List.of(
                Combinators.combine(reference, guess).as((ref, g) -> apdu(String.format("002000%02X 0C", ref) + TestCards.block(g))),
                Combinators.combine(reference, guess, newPin)
                        .as((ref, g, n) -> apdu(String.format("002400%02X 18", ref) + TestCards.block(g) + TestCards.block(n))),
                Combinators.combine(reference, guess, newPin)
                        .as((ref, g, n) -> apdu(String.format("002C00%02X 18", ref) + TestCards.block(g) + TestCards.block(n))),
                Combinators.combine(reference, guess).as((ref, g) -> apdu(String.format("002C01%02X 0C", ref) + TestCards.block(g)))));
    }

    /**
     * Commands in the card's own shape: a header of its instructions with the parameters each one
     * uses; or a free mix of instructions, parameters, data and Le. Either in short or extended
     * form, and now and then one byte too short or too long.
     */
    private static Arbitrary<byte[]> structured() {
        Arbitrary<Integer> cla = Arbitraries.frequencyOf(List.of(
                Tuple.of(12, Arbitraries.just(0x00)),
                Tuple.of(3, Arbitraries.of(0x10, 0x80, 0x0C, 0x01, 0xFF)),
                Tuple.of(1, Arbitraries.integers().between(0, 255))));
        Arbitrary<Integer> ins = Arbitraries.frequencyOf(List.of(
                Tuple.of(10, Arbitraries.of(0xA4, 0xB0, 0xD6, 0x20, 0x24, 0x2C, 0x22, 0x2A, 0x88, 0x84, 0xCA, 0xCB, 0xC0)),
                Tuple.of(1, Arbitraries.integers().between(0, 255))));
        Arbitrary<Integer> mangle = Arbitraries.frequencyOf(List.of(
                Tuple.of(30, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.of(-1, 1))));
        Arbitrary<Boolean> extended = Arbitraries.of(false, false, false, true);
        Arbitrary<byte[]> free = Combinators.combine(cla, ins, parameter(), parameter(), data(), le(), extended, mangle)
                .as(VirtualCardFuzzTest::encode);
        Arbitrary<byte[]> shaped = Arbitraries.oneOf(shapes().stream().map(shape -> Combinators
                .combine(cla, shape.p1(), shape.p2(), shape.data(), shape.le(), extended, mangle)
                .as((c, p1, p2, d, le, x, m) -> encode(c, shape.ins(), p1, p2, d, le, x, m))).toList());
        return Arbitraries.frequencyOf(List.of(Tuple.of(2, free), Tuple.of(3, shaped)));
    }

    /** An instruction with the parameters, data and Le the card's commands use (and sometimes others). */
    private record Shape(int ins, Arbitrary<Integer> p1, Arbitrary<Integer> p2, Arbitrary<byte[]> data, Arbitrary<Integer> le) {
    }

    private static List<Shape> shapes() {
        Arbitrary<Integer> zero = usually(Arbitraries.just(0x00));
        Arbitrary<Integer> pins = usually(Arbitraries.of(PIN1, PIN2, PUK));
        Arbitrary<Integer> noLe = usually(Arbitraries.just(-1));
        Arbitrary<Integer> le00 = usually(Arbitraries.of(0x00, -1));
        Arbitrary<byte[]> none = Arbitraries.just(new byte[0]);
        Arbitrary<byte[]> known = Arbitraries.of(KNOWN_DATA).map(byte[]::clone);
        Arbitrary<byte[]> pinData = Arbitraries.oneOf(List.of(pinBlock(), pinBlock(), Combinators.combine(pinBlock(), pinBlock())
                .as(VirtualCardFuzzTest::concat), none, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(30)));
        return List.of(
                new Shape(0xA4, usually(Arbitraries.of(0x00, 0x01, 0x02, 0x03, 0x04, 0x08, 0x09)),
                        usually(Arbitraries.of(0x00, 0x04, 0x0C, 0x02)), Arbitraries.oneOf(List.of(known, none)), le00),
                new Shape(0xB0, usually(Arbitraries.of(0x00, 0x01, 0x04, 0x82, 0x83, 0x84, 0x81)),
                        usually(Arbitraries.integers().between(0, 0x20)), none, usually(Arbitraries.of(0x00, 0x01, 0x10, 0xB5, 0xFF))),
                new Shape(0xD6, usually(Arbitraries.of(0x00, 0x83)), usually(Arbitraries.integers().between(0, 0x12)),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(20), noLe),
                new Shape(0x20, usually(Arbitraries.of(0x00, 0x00, 0xFF)), pins, pinData, noLe),
                new Shape(0x24, usually(Arbitraries.of(0x00, 0x01)), pins, pinData, noLe),
                new Shape(0x2C, usually(Arbitraries.of(0x00, 0x01, 0x02, 0x03)), pins, pinData, noLe),
                new Shape(0x22, usually(Arbitraries.of(0x41, 0xF3, 0x81, 0x01)), usually(Arbitraries.of(0xB6, 0xB8, 0xA4)),
                        Arbitraries.oneOf(List.of(known, none)), noLe),
                new Shape(0x2A, usually(Arbitraries.of(0x90, 0x9E, 0x80)), usually(Arbitraries.of(0xA0, 0x80, 0x9A, 0x86)),
                        Arbitraries.oneOf(List.of(known, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(270))), le00),
                new Shape(0x88, zero, zero, Arbitraries.bytes().array(byte[].class).ofMaxSize(120), le00),
                new Shape(0x84, zero, zero, none, usually(Arbitraries.of(0x08, 0x10, 0x00))),
                new Shape(0xCA, usually(Arbitraries.of(0x00, 0x01, 0x9F, 0xDF)), usually(Arbitraries.of(0x01, 0xFF, 0x7F, 0x30)), none, le00),
                new Shape(0xCB, usually(Arbitraries.of(0x00, 0x3F)), usually(Arbitraries.of(0xFF, 0x01)), Arbitraries.oneOf(List.of(known, none)), le00),
                new Shape(0xC0, zero, zero, none, usually(Arbitraries.of(0x00, 0x10, 0x80))));
    }

    /** Mostly the given values, sometimes any byte. */
    private static Arbitrary<Integer> usually(Arbitrary<Integer> values) {
        return Arbitraries.frequencyOf(List.of(Tuple.of(8, values), Tuple.of(1, Arbitraries.integers().between(0, 255))));
    }

    /** -1 for none; up to FFFF, which forces the extended form. */
    private static Arbitrary<Integer> le() {
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(5, Arbitraries.just(-1)),
                Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.integers().between(1, 255)),
                Tuple.of(1, Arbitraries.integers().between(256, 65535))));
    }

    private static Arbitrary<Integer> parameter() {
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(6, Arbitraries.of(0x00, 0x01, 0x02, 0x03, 0x04, 0x08, 0x09, 0x0C, 0xFF, 0x41, 0xB6, 0xB8, 0xA4, 0xF3,
                        0x90, 0xA0, 0x9E, 0x9A, 0x80, 0x86, 0x11, 0x82, 0x83)),
                Tuple.of(1, Arbitraries.integers().between(0, 255))));
    }

    private static Arbitrary<byte[]> data() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(270);
        Arbitrary<byte[]> known = Arbitraries.of(KNOWN_DATA).map(byte[]::clone);
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(4, Arbitraries.just(new byte[0])),
                Tuple.of(4, random),
                Tuple.of(3, pinBlock()),
                Tuple.of(2, Combinators.combine(pinBlock(), pinBlock()).as(VirtualCardFuzzTest::concat)),
                Tuple.of(4, known),
                Tuple.of(1, Combinators.combine(known, random).as(VirtualCardFuzzTest::concat))));
    }

    /** ASCII digits padded with 00 to 12 bytes, of any length from none to 12 (malformed blocks come from random data). */
    private static Arbitrary<byte[]> pinBlock() {
        return digits(0, 12).map(digits -> Hex.decode(TestCards.block(digits)));
    }

    /** Digits that are none of the card's PINs: a guess never succeeds by chance, so a changed PIN is always a bug. */
    private static Arbitrary<String> digits(int min, int max) {
        Set<String> secrets = Set.of(PIN1_VALUE, PIN2_VALUE, PUK_VALUE);
        return Arbitraries.strings().withChars("0123456789").ofMinLength(min).ofMaxLength(max).filter(d -> !secrets.contains(d));
    }

    /** The card's file identifiers, paths, AIDs, security environments and PSO templates. */
    private static final List<byte[]> KNOWN_DATA = List.of(
            Hex.decode("A000000063504B43532D3135"), Hex.decode("A000000063504B43532D3136"), Hex.decode("A00000006350"),
            Hex.decode("3F00"), Hex.decode("5000"), Hex.decode("6000"), Hex.decode("5016"), Hex.decode("2F00"),
            Hex.decode("4331"), Hex.decode("4332"), Hex.decode("4400"), Hex.decode("5032"),
            Hex.decode("50004331"), Hex.decode("50004400"), Hex.decode("50004401"), Hex.decode("50005032"),
            Hex.decode("3F0050004331"), Hex.decode("500050164332"), Hex.decode("3F005000"),
            Hex.decode("800142840102"), Hex.decode("800104840101"), Hex.decode("800154840101"), Hex.decode("80011A840102"),
            Hex.decode("80014D840102"), Hex.decode("800145840103"), Hex.decode("800102840102"), Hex.decode("800105840102"),
            Hex.decode("840101"), Hex.decode("840102"), Hex.decode("840103"), Hex.decode("840109"), Hex.decode("8401"),
            Hex.decode("9020" + "11".repeat(32)), Hex.decode("9030" + "22".repeat(48)), Hex.decode("9004 01020304"),
            Hex.decode("11".repeat(32)), Hex.decode("3031300D060960864801650304020105000420" + "33".repeat(32)),
            Hex.decode("A003830111"), Hex.decode("A003830182"), Hex.decode("A003830183"),
            Hex.decode("04" + "55".repeat(64)), Hex.decode("00" + "66".repeat(255)));

    /** Commands that hold right secrets (the card's original values; once a PIN changed, they are wrong). */
    private static Arbitrary<byte[]> withSecrets() {
        Arbitrary<String> newPin1 = Arbitraries.strings().withChars("0123456789").ofMinLength(4).ofMaxLength(8);
        Arbitrary<String> newPin2 = Arbitraries.strings().withChars("0123456789").ofMinLength(6).ofMaxLength(8);
        Arbitrary<Integer> pin = Arbitraries.of(PIN1, PIN2);
        return Arbitraries.oneOf(List.of(
                pin1Login(),
                Arbitraries.just(apdu("00200082 0C" + TestCards.block(PIN2_VALUE))),
                Arbitraries.just(apdu("00200083 0C" + TestCards.block(PUK_VALUE))),
                newPin1.map(p -> apdu("00240011 18" + TestCards.block(PIN1_VALUE) + TestCards.block(p))),
                newPin2.map(p -> apdu("00240182 0C" + TestCards.block(p))),
                Combinators.combine(pin, newPin2).as((ref, p) -> apdu(String.format("002C00%02X 18", ref) + TestCards.block(PUK_VALUE) + TestCards.block(p))),
                pin.map(ref -> apdu(String.format("002C01%02X 0C", ref) + TestCards.block(PUK_VALUE))),
                update()));
    }

    /** VERIFY PIN1 with its value; and SELECT of EF 4400, which it opens. */
    private static Arbitrary<byte[]> pin1Login() {
        return Arbitraries.of(apdu("00200011 0C" + TestCards.block(PIN1_VALUE)), apdu("00A4080C 04 50004400")).map(byte[]::clone);
    }

    private static byte[] apdu(String hex) {
        return Hex.decode(hex);
    }

    /** Encodes as ISO 7816-3 does; the extended form also for short fields when asked, and mangled by a byte. */
    static byte[] encode(int cla, int ins, int p1, int p2, byte[] data, int le, boolean extended, int mangle) {
        extended |= data.length > 255 || le > 255;
        List<Byte> out = new ArrayList<>();
        for (int b : new int[] {cla, ins, p1, p2}) {
            out.add((byte) b);
        }
        if (data.length > 0) {
            if (extended) {
                out.add((byte) 0);
                out.add((byte) (data.length >> 8));
            }
            out.add((byte) data.length);
            for (byte b : data) {
                out.add(b);
            }
        }
        if (le >= 0) {
            if (extended) {
                if (data.length == 0) {
                    out.add((byte) 0);
                }
                out.add((byte) (le >> 8));
            }
            out.add((byte) le);
        }
        if (mangle < 0) {
            out.remove(out.size() - 1);
        } else if (mangle > 0) {
            out.add((byte) 0x00);
        }
        byte[] bytes = new byte[out.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = out.get(i);
        }
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package io.github.eid4j.bench;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.emulator.VirtualCardProfile;
import io.github.eid4j.apdu.transport.DirectTransport;
import io.github.eid4j.apdu.transport.InProcessTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.InProcessConnection;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.SignatureScheme;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.card.luxembourg.LuxembourgVirtualCard;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * APDUs per operation on virtual FINEID v3 and v4 cards, beside what other middleware needs
 * (issue 11: web-eid's and OpenSC's flows), and on the virtual Luxembourg eID, whose opening runs
 * PACE with the CAN and whose every later APDU travels under secure messaging; on a program's
 * first start (empty card file cache) and its second (the cache filled by the first). Counted as
 * SCardTransmit on a T=1 reader would count them: the FINEID cards speak T=0, whose GET
 * RESPONSEs are left out.
 */
final class ApduCounts {
    /** One operation's row: what other middleware needs, and eid4j's counts per start. */
    record Row(String card, String operation, String minimum, int firstStart, int secondStart) {
    }

    private ApduCounts() {
    }

    /** Counts the commands that reach the card, GET RESPONSE aside. */
    private static final class CountingWire implements DirectTransport {
        private final InProcessTransport card;
        int commands;

        CountingWire(InProcessTransport card) {
            this.card = card;
        }

        @Override
        public byte[] atr() {
            return card.atr();
        }

        @Override
        public boolean mayHaveAuthenticated() {
            return card.mayHaveAuthenticated();
        }

        @Override
        public byte[] transmit(byte[] command) throws TransportException {
            if (!(command.length >= 2 && command[1] == (byte) 0xC0)) {
                commands++;
            }
            return card.transmit(command);
        }

        @Override
        public void close() {
            card.close();
        }

        int take() {
            int n = commands;
            commands = 0;
            return n;
        }
    }

    /** The test secrets of the activated virtual cards: the CAN, the PIN, or FINEID's PIN1 and PIN2. */
    private static char[] testSecret(PinRequest request) {
        if (request.step() == PinRequest.Step.CAN) {
            return LuxembourgVirtualCard.TEST_CAN.toCharArray();
        }
        return switch (request.pin().label()) {
            case "PIN1" -> FineidVirtualCard.TEST_PIN1.toCharArray();
            case "PIN2" -> FineidVirtualCard.TEST_PIN2.toCharArray();
            default -> LuxembourgVirtualCard.TEST_PIN.toCharArray();
        };
    }

    /** The counts of one start: open, PIN tries, the two signatures. */
    private static int[] oneStart(Personalisation card) throws EidException {
        CountingWire wire = new CountingWire(new InProcessTransport(new VirtualCard(card.image(), NonVolatileMemory.NONE)));
        PinCallback pins = ApduCounts::testSecret;
        int[] counts = new int[5];
        boolean t0 = card.image().settings().t0();
        try (EidCard eid = EidCards.open(new InProcessConnection(wire, t0, "virtual card"), pins)) {
            KeyEntry auth = eid.key(KeyPurpose.AUTHENTICATION).orElseThrow();
            counts[0] = wire.take();
            eid.status(eid.pins().get(0));
            counts[1] = wire.take();
            KeyEntry sign = eid.key(KeyPurpose.SIGNATURE).orElseThrow();
            counts[2] = wire.take();
            sign(eid, auth, pins);
            counts[3] = wire.take();
            sign(eid, sign, pins);
            counts[4] = wire.take();
        }
        return counts;
    }

    /** A signature of a zero digest: PKCS#1 v1.5 with SHA-256 for RSA, ECDSA with the curve's hash. */
    private static void sign(EidCard eid, KeyEntry key, PinCallback pins) throws EidException {
        boolean rsa = key.algorithm().equals("RSA");
        HashAlgorithm hash = rsa || key.sizeBits() <= 256 ? HashAlgorithm.SHA256 : HashAlgorithm.SHA384;
        eid.sign(key, rsa ? SignatureScheme.RSA_PKCS1 : SignatureScheme.ECDSA, hash, new byte[hash.digestLength()], pins);
    }

    /** Measures v3, v4 and the Luxembourg eID with a card file cache of their own, first and second start. */
    static List<Row> measure() throws Exception {
        Path cache = Files.createTempDirectory("eid4j-apdu-counts");
        String before = System.getProperty("eid4j.cache");
        System.setProperty("eid4j.cache", cache.toString());
        List<Row> rows = new ArrayList<>();
        try {
            for (VirtualCardProfile profile : List.of(new FineidVirtualCard.V3(), new FineidVirtualCard.V4(), new LuxembourgVirtualCard())) {
                Personalisation card = profile.personalise(true, new SecureRandom());
                int[] first = oneStart(card);
                int[] second = oneStart(card);
                String name = profile.name();
                boolean pace = card.image().pace() != null;
                // Other middleware's counts are known for FINEID only (issue 11).
                String fineid = pace ? "-" : null;
                rows.add(new Row(name, pace ? "open (PACE with the CAN, authentication certificate)" : "open (authentication certificate)",
                        profile.name().endsWith("v4") ? "9" : "-", first[0], second[0]));
                rows.add(new Row(name, "PIN tries", fineid == null ? "1" : fineid, first[1], second[1]));
                rows.add(new Row(name, "signature certificate", "-", first[2], second[2]));
                rows.add(new Row(name, "authentication signature (PIN state known)", fineid == null ? "4" : fineid, first[3], second[3]));
                rows.add(new Row(name, "qualified signature (first)", fineid == null ? "4" : fineid, first[4], second[4]));
            }
        } finally {
            if (before == null) {
                System.clearProperty("eid4j.cache");
            } else {
                System.setProperty("eid4j.cache", before);
            }
        }
        return rows;
    }

    static void print(List<Row> rows, PrintStream out) {
        out.println();
        out.println("APDUs per operation (virtual cards; other middleware's count as the minimum where known)");
        out.println();
        out.println("| card | operation | minimum | eid4j, first start | eid4j, second start |");
        out.println("|---|---|---|---|---|");
        for (Row r : rows) {
            out.println("| " + r.card() + " | " + r.operation() + " | " + r.minimum() + " | " + r.firstStart() + " | " + r.secondStart() + " |");
        }
    }

    public static void main(String[] args) throws Exception {
        print(measure(), System.out);
    }
}

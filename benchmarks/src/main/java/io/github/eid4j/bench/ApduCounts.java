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
import io.github.eid4j.card.SignatureScheme;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * APDUs per operation on virtual FINEID v3 and v4 cards, beside what other middleware needs
 * (issue 11: web-eid's and OpenSC's flows), on a program's first start (empty card file cache)
 * and its second (the cache filled by the first). Counted as SCardTransmit on a T=1 reader
 * would count them: the virtual cards speak T=0, whose GET RESPONSEs are left out.
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

    /** The counts of one start: open, PIN tries, the two signatures. */
    private static int[] oneStart(Personalisation card) throws EidException {
        CountingWire wire = new CountingWire(new InProcessTransport(new VirtualCard(card.image(), NonVolatileMemory.NONE)));
        PinCallback pins = request -> (request.pin().label().equals("PIN1") ? FineidVirtualCard.TEST_PIN1 : FineidVirtualCard.TEST_PIN2)
                .toCharArray();
        int[] counts = new int[5];
        try (EidCard eid = EidCards.open(new InProcessConnection(wire, true, "virtual card"))) {
            KeyEntry auth = eid.key(KeyPurpose.AUTHENTICATION).orElseThrow();
            counts[0] = wire.take();
            eid.status(eid.pins().get(0));
            counts[1] = wire.take();
            KeyEntry sign = eid.key(KeyPurpose.SIGNATURE).orElseThrow();
            counts[2] = wire.take();
            SignatureScheme authScheme = auth.algorithm().equals("RSA") ? SignatureScheme.RSA_PKCS1 : SignatureScheme.ECDSA;
            HashAlgorithm authHash = auth.algorithm().equals("RSA") ? HashAlgorithm.SHA256 : HashAlgorithm.SHA384;
            eid.sign(auth, authScheme, authHash, new byte[authHash.digestLength()], pins);
            counts[3] = wire.take();
            HashAlgorithm signHash = sign.sizeBits() > 256 ? HashAlgorithm.SHA384 : HashAlgorithm.SHA256;
            eid.sign(sign, SignatureScheme.ECDSA, signHash, new byte[signHash.digestLength()], pins);
            counts[4] = wire.take();
        }
        return counts;
    }

    /** Measures v3 and v4 with a card file cache of their own, first and second start. */
    static List<Row> measure() throws Exception {
        Path cache = Files.createTempDirectory("eid4j-apdu-counts");
        String before = System.getProperty("eid4j.cache");
        System.setProperty("eid4j.cache", cache.toString());
        List<Row> rows = new ArrayList<>();
        try {
            for (VirtualCardProfile profile : List.of(new FineidVirtualCard.V3(), new FineidVirtualCard.V4())) {
                Personalisation card = profile.personalise(true, new SecureRandom());
                int[] first = oneStart(card);
                int[] second = oneStart(card);
                String name = profile.name();
                rows.add(new Row(name, "open (authentication certificate)", profile.name().endsWith("v4") ? "9" : "-", first[0], second[0]));
                rows.add(new Row(name, "PIN tries", "1", first[1], second[1]));
                rows.add(new Row(name, "signature certificate", "-", first[2], second[2]));
                rows.add(new Row(name, "authentication signature (PIN state known)", "4", first[3], second[3]));
                rows.add(new Row(name, "qualified signature (first)", "4", first[4], second[4]));
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
        out.println("APDUs per operation (virtual FINEID cards; other middleware's count as the minimum)");
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

package io.github.eid4j.bench;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.emulator.AccessCondition;
import io.github.eid4j.apdu.emulator.CardImage;
import io.github.eid4j.apdu.emulator.CardSettings;
import io.github.eid4j.apdu.emulator.DedicatedFile;
import io.github.eid4j.apdu.emulator.ElementaryFile;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.PaceSettings;
import io.github.eid4j.apdu.emulator.PinFormat;
import io.github.eid4j.apdu.emulator.ReferenceData;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.pace.CardAccess;
import io.github.eid4j.apdu.pace.Pace;
import io.github.eid4j.apdu.pace.PacePassword;
import io.github.eid4j.apdu.sm.SecureMessaging;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.InProcessTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.apdu.transport.Transports;
import io.github.eid4j.card.luxembourg.Luxembourg;
import io.github.eid4j.testing.JmrtdCardService;
import java.util.concurrent.TimeUnit;
import org.jmrtd.PACEKeySpec;
import org.jmrtd.PassportService;
import org.jmrtd.lds.CardAccessFile;
import org.jmrtd.lds.PACEInfo;
import org.jmrtd.protocol.PACEResult;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What PACE and secure messaging cost on the virtual card, in process (no reader, so the card
 * engine and the host's cryptography alone): one PACE with the CAN as the Luxembourg eID runs it
 * (EF.CardAccess, MSE:Set AT, four GENERAL AUTHENTICATE; the {@code apdus} counter gives the
 * APDUs per PACE), beside JMRTD's PACE on the same card (its baseline: a widely used Java PACE
 * client nobody here wrote, which reads EF.CardAccess and runs the same protocol); and one READ
 * BINARY of what one protected answer carries, under secure messaging and on the same card
 * without PACE, in the same run: their ratio is the per-APDU cost of secure messaging.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PaceBenchmark {
    private static final String CAN = "271828";
    private static final int CAN_REFERENCE = 0x8A;
    private static final int DATA_FID = 0xB001;

    private CardTransport plainCard;
    private CardTransport securedCard;
    private byte[] readBinary;

    /**
     * APDUs sent and PACEs run, reported by JMH beside the time as totals per iteration: their
     * ratio is the APDUs of one PACE.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Apdus {
        public long apdus;
        public long paces;
    }

    @Setup(Level.Trial)
    public void insert() throws Exception {
        plainCard = Transports.standard(new InProcessTransport(new VirtualCard(image(false), NonVolatileMemory.NONE)));
        CardTransport paceWire = Transports.standard(new InProcessTransport(new VirtualCard(image(true), NonVolatileMemory.NONE)));
        SecureMessaging session = establish(paceWire);
        int n = session.maxResponseData();
        securedCard = Transports.secured(paceWire, session, false);
        readBinary = new byte[] {0x00, (byte) 0xB0, (byte) 0x80 | 1, 0x00, (byte) n}; // by SFI 1: no SELECT needed
    }

    @TearDown(Level.Trial)
    public void remove() {
        plainCard.close();
        securedCard.close();
    }

    /** A card with one 2000-byte file; with PACE, the CAN opens it and everything else needs SM. */
    private static CardImage image(boolean pace) {
        DedicatedFile mf = DedicatedFile.masterFile();
        CardImage image = new CardImage(CardSettings.builder(Luxembourg.ATR_TYPE_A).build(), mf);
        ReferenceData can = image.addPin(new ReferenceData(CAN_REFERENCE, "CAN", PinFormat.asciiPadded(6, 0xFF), 6, 6, 1, -1, false));
        if (pace) {
            image.enablePace(new PaceSettings(CardAccess.parse(Luxembourg.CARD_ACCESS).get(0), CAN_REFERENCE, -1, -1, true));
        }
        can.personalise(CAN.toCharArray(), false);
        mf.add(new ElementaryFile(Luxembourg.CARD_ACCESS_FID, Luxembourg.CARD_ACCESS_SFI, Luxembourg.CARD_ACCESS,
                AccessCondition.ALWAYS, AccessCondition.NEVER));
        mf.add(new ElementaryFile(DATA_FID, 1, new byte[2000], AccessCondition.ALWAYS, AccessCondition.NEVER));
        return image;
    }

    private static SecureMessaging establish(CardTransport card) throws Exception {
        try (PacePassword password = PacePassword.can(CAN.toCharArray())) {
            return Pace.establish(card, CardAccess.parse(Pace.readCardAccess(card)), password);
        }
    }

    /** A card just inserted, for each PACE (a card under SM refuses a plain EF.CardAccess read); made outside the timing. */
    @State(Scope.Thread)
    public static class FreshCard {
        private final CardImage image = image(true);
        CountingTransport wire;
        CardTransport stack;

        @Setup(Level.Invocation)
        public void insert() {
            wire = new CountingTransport(new InProcessTransport(new VirtualCard(image, NonVolatileMemory.NONE)));
            stack = Transports.standard(wire);
        }

        @TearDown(Level.Invocation)
        public void remove() {
            stack.close();
        }
    }

    /** A whole PACE with the CAN, EF.CardAccess read included, as the driver runs it at open. */
    @Benchmark
    public SecureMessaging pace(FreshCard card, Apdus apdus) throws Exception {
        SecureMessaging session = establish(card.stack);
        apdus.apdus += card.wire.sent;
        apdus.paces++;
        session.close();
        return session;
    }

    /** JMRTD's PACE with the CAN on the same fresh card, EF.CardAccess read and parsed as it does. */
    @Benchmark
    public PACEResult paceJmrtd(FreshCard card, Apdus apdus) throws Exception {
        PassportService service = new PassportService(new JmrtdCardService(card.stack, Luxembourg.ATR_TYPE_A), CommandApdu.MAX_SHORT_NE,
                PassportService.DEFAULT_MAX_BLOCKSIZE, false, false);
        service.open();
        CardAccessFile cardAccess = new CardAccessFile(service.getInputStream(PassportService.EF_CARD_ACCESS));
        PACEInfo info = cardAccess.getSecurityInfos().stream()
                .filter(PACEInfo.class::isInstance).map(PACEInfo.class::cast).findFirst().orElseThrow();
        PACEResult result = service.doPACE(PACEKeySpec.createCANKey(CAN), info.getObjectIdentifier(),
                PACEInfo.toParameterSpec(info.getParameterId()), info.getParameterId());
        apdus.apdus += card.wire.sent;
        apdus.paces++;
        return result;
    }

    @Benchmark
    public byte[] readBinaryPlain() throws Exception {
        return plainCard.transmit(readBinary);
    }

    @Benchmark
    public byte[] readBinarySecured() throws Exception {
        return securedCard.transmit(readBinary);
    }

    /** Counts the APDUs that reach the card. */
    private static final class CountingTransport implements CardTransport {
        private final CardTransport card;
        long sent;

        CountingTransport(CardTransport card) {
            this.card = card;
        }

        @Override
        public byte[] transmit(byte[] command) throws TransportException {
            sent++;
            return card.transmit(command);
        }

        @Override
        public void close() {
            card.close();
        }
    }
}

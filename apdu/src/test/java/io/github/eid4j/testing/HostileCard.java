package io.github.eid4j.testing;

import io.github.eid4j.apdu.transport.Icc;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/**
 * A card that misbehaves in one named way, as broken, counterfeit or malicious cards do: every
 * command still goes to the real card it wraps (so its PINs and files stay as they were), and
 * its answer is then replaced or mangled. A misbehaviour starts at once, or at the first command
 * with a given instruction byte (PSO: {@link #PSO}), and lasts until the next {@link #behave}.
 * One card serves many cases: switch the misbehaviour between them; {@link #close()} lets a
 * silent card's held command go.
 */
public final class HostileCard extends ForwardingIcc implements AutoCloseable {
    /** PERFORM SECURITY OPERATION: the instruction after which a signing card misbehaves. */
    public static final int PSO = 0x2A;

    /** What the card does wrong. */
    public enum Misbehaviour {
        /** Nothing: the real card's answers. */
        NONE,
        /** Each file's FCP gives half its real size, so EF.ODF, TokenInfo, PrKDF and certificates end inside a TLV. */
        TRUNCATED_TLV,
        /** Each file read from offset 0 starts with a TLV whose length field claims 2^31 - 1 bytes. */
        OVERSIZED_TLV,
        /** Every answer is 61 FF ("255 more bytes"), and every GET RESPONSE gives 255 bytes and 61 FF again, forever. */
        ENDLESS_61XX,
        /** Every answer is 6C xx ("wrong Le, use xx") with another xx each time. */
        LOOP_6CXX,
        /** Each certificate file holds an OCTET STRING where the TBSCertificate SEQUENCE should be. */
        BAD_CERTIFICATE_DER,
        /** Every answer that would carry data (or announce it with 61xx) is a bare 90 00. */
        OK_WITHOUT_DATA,
        /** Every answer is 0 to 300 random bytes (the same bytes each run). */
        RANDOM_BYTES,
        /** The real answers, some after a delay: the first one, every tenth, and every PSO. */
        SLOW,
        /** No answer at all: the command is held (see {@link SilentCard}). */
        SILENT
    }

    private static final int INS_SELECT = 0xA4;
    private static final int INS_READ_BINARY = 0xB0;
    private static final int INS_GET_RESPONSE = 0xC0;
    private static final byte[] OK = {(byte) 0x90, 0x00};
    private static final byte[] MORE_255 = {0x61, (byte) 0xFF};
    private static final long SEED = 18;

    private final Duration slowDelay;
    private volatile Behaviour behaviour;

    /** The card, misbehaving in no way yet; {@code slowDelay} is how late {@link Misbehaviour#SLOW} answers. */
    public HostileCard(Icc card, Duration slowDelay) {
        super(card);
        this.slowDelay = slowDelay;
        this.behaviour = new Behaviour(Misbehaviour.NONE, -1, card);
    }

    /** Misbehaves this way from the next command on; a card held silent before answers again. */
    public HostileCard behave(Misbehaviour misbehaviour) {
        return behave(misbehaviour, -1);
    }

    /** Misbehaves this way from the first command with instruction {@code ins} on (that command included). */
    public HostileCard behave(Misbehaviour misbehaviour, int ins) {
        Behaviour old = behaviour;
        behaviour = new Behaviour(misbehaviour, ins, card);
        old.silent.close();
        return this;
    }


    @Override
    public byte[] process(byte[] command) {
        Behaviour b = behaviour;
        if (!b.started(command)) {
            return card.process(command);
        }
        int ins = command.length > 1 ? command[1] & 0xFF : -1;
        switch (b.misbehaviour) {
            case SILENT:
                return b.silent.silence().process(command);
            case SLOW:
                if (b.count++ % 10 == 0 || ins == PSO) {
                    pause(slowDelay);
                }
                return card.process(command);
            default:
                return mangle(b, command, ins, card.process(command));
        }
    }

    private static byte[] mangle(Behaviour b, byte[] command, int ins, byte[] answer) {
        int n = answer.length - 2;
        boolean fromStart = command.length > 3 && command[2] == 0 && command[3] == 0;
        switch (b.misbehaviour) {
            case TRUNCATED_TLV:
                return n > 0 && answer[0] == 0x62 ? halveFileSize(answer) : answer;
            case OVERSIZED_TLV:
                return ins == INS_READ_BINARY && fromStart && n > 2 ? oversized(answer) : answer;
            case BAD_CERTIFICATE_DER:
                if (ins == INS_READ_BINARY && fromStart && n > 6 && (answer[0] & 0xFF) == 0x30 && (answer[1] & 0xFF) == 0x82
                        && (answer[4] & 0xFF) == 0x30) {
                    byte[] out = answer.clone();
                    out[4] = 0x04;
                    return out;
                }
                return answer;
            case ENDLESS_61XX:
                if (ins == INS_GET_RESPONSE) {
                    byte[] out = new byte[257];
                    out[255] = 0x61;
                    out[256] = (byte) 0xFF;
                    return out;
                }
                return MORE_255.clone();
            case LOOP_6CXX:
                return new byte[] {0x6C, (byte) (1 + b.count++ % 254)};
            case OK_WITHOUT_DATA:
                return n > 0 || (answer[0] & 0xFF) == 0x61 ? OK.clone() : answer;
            case RANDOM_BYTES:
                byte[] out = new byte[b.random.nextInt(301)];
                b.random.nextBytes(out);
                return out;
            default:
                return answer;
        }
    }

    /** The FCP with its size (tag 80 or 81, directly in the 62 template) halved. */
    private static byte[] halveFileSize(byte[] answer) {
        byte[] out = answer.clone();
        int end = Math.min(answer.length - 2, 2 + (answer[1] & 0xFF));
        for (int i = 2; i + 1 < end; i += 2 + (out[i + 1] & 0xFF)) {
            int tag = out[i] & 0xFF;
            int length = out[i + 1] & 0xFF;
            if ((tag == 0x80 || tag == 0x81) && length >= 1 && length <= 3 && i + 2 + length <= end) {
                int size = 0;
                for (int k = 0; k < length; k++) {
                    size = size << 8 | (out[i + 2 + k] & 0xFF);
                }
                size /= 2;
                for (int k = length - 1; k >= 0; k--) {
                    out[i + 2 + k] = (byte) size;
                    size >>= 8;
                }
            }
        }
        return out;
    }

    /** The first TLV's length field replaced by 84 7F FF FF FF (2^31 - 1 bytes); its value follows as it was. */
    private static byte[] oversized(byte[] answer) {
        int tagEnd = 1;
        if ((answer[0] & 0x1F) == 0x1F) {
            while (tagEnd < answer.length - 2 && (answer[tagEnd] & 0x80) != 0) {
                tagEnd++;
            }
            tagEnd++;
        }
        int first = answer[tagEnd] & 0xFF;
        int valueStart = tagEnd + 1 + (first < 0x80 ? 0 : first & 0x7F);
        if (valueStart > answer.length - 2) {
            return answer;
        }
        byte[] length = {(byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        byte[] out = Arrays.copyOf(answer, tagEnd + length.length + answer.length - valueStart);
        System.arraycopy(length, 0, out, tagEnd, length.length);
        System.arraycopy(answer, valueStart, out, tagEnd + length.length, answer.length - valueStart);
        return out;
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }




    /** Answers again, as the real card, from now on. */
    @Override
    public void close() {
        behave(Misbehaviour.NONE);
    }

    /** One misbehaviour from its start: its own counter, random bytes from the same seed, and a silence of its own. */
    private static final class Behaviour {
        final Misbehaviour misbehaviour;
        final int fromIns;
        final SilentCard silent;
        final Random random = new Random(SEED);
        volatile boolean started;
        int count; // the card serves one command at a time

        Behaviour(Misbehaviour misbehaviour, int fromIns, Icc card) {
            this.misbehaviour = misbehaviour;
            this.fromIns = fromIns;
            this.silent = new SilentCard(card);
            this.started = misbehaviour != Misbehaviour.NONE && fromIns < 0;
        }

        boolean started(byte[] command) {
            if (!started && misbehaviour != Misbehaviour.NONE && command.length > 1 && (command[1] & 0xFF) == fromIns) {
                started = true;
            }
            return started;
        }
    }
}

package io.github.eid4j.apdu.vpcd;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.transport.Icc;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny card for the tests. It knows:
 * <ul>
 * <li>SELECT by AID ({@code 00 A4 04 00 Lc AID [Le]}): 9000 for {@link #AID}, 6A82 for any other;
 * <li>GET DATA {@code 00 CA 01 02 00}: {@link #DATA} and 9000;
 * <li>GET DATA {@code 00 CA 01 03 00}: 61 xx, then GET RESPONSE {@code 00 C0 00 00 xx} gives {@link #DATA} and 9000;
 * <li>READ BINARY {@code 00 B0 00 00 Le} (short or extended Le): Ne bytes 00 01 02 ... and 9000;
 * <li>any other instruction: 6D00.
 * </ul>
 */
public final class TestCard implements Icc {
    /** TS 3B, T0 8A (TD1 follows, 10 historical bytes), TD1 80 (TD2 follows), TD2 01 (T=1), "eid4j-test", TCK. */
    public static final byte[] ATR = atr("eid4j-test");
    public static final byte[] AID = Hex.decode("F0 65 69 64 34 6A 54 45 53 54");
    public static final byte[] DATA = "eid4j test card".getBytes(StandardCharsets.US_ASCII);

    public final AtomicInteger powerOns = new AtomicInteger();
    public final AtomicInteger powerOffs = new AtomicInteger();
    public final AtomicInteger resets = new AtomicInteger();
    public final AtomicInteger commands = new AtomicInteger();

    private final byte[] atr;
    private boolean responsePending;

    public TestCard() {
        this(ATR);
    }

    public TestCard(byte[] atr) {
        this.atr = atr.clone();
    }

    /** An ATR offering T=1 with the given historical bytes (at most 15). */
    public static byte[] atr(String historical) {
        byte[] hist = historical.getBytes(StandardCharsets.US_ASCII);
        byte[] atr = new byte[4 + hist.length + 1];
        atr[0] = 0x3B;
        atr[1] = (byte) (0x80 | hist.length);
        atr[2] = (byte) 0x80;
        atr[3] = 0x01;
        System.arraycopy(hist, 0, atr, 4, hist.length);
        byte tck = 0;
        for (int i = 1; i < atr.length - 1; i++) {
            tck ^= atr[i];
        }
        atr[atr.length - 1] = tck;
        return atr;
    }

    @Override
    public byte[] atr() {
        return atr.clone();
    }

    @Override
    public void powerOn() {
        powerOns.incrementAndGet();
        responsePending = false;
    }

    @Override
    public void powerOff() {
        powerOffs.incrementAndGet();
        responsePending = false;
    }

    @Override
    public void reset() {
        resets.incrementAndGet();
        responsePending = false;
    }

    @Override
    public byte[] process(byte[] c) {
        commands.incrementAndGet();
        boolean pending = responsePending;
        responsePending = false;
        if (c.length < 4) {
            return sw(0x6700);
        }
        int ins = c[1] & 0xFF;
        int p1 = c[2] & 0xFF;
        int p2 = c[3] & 0xFF;
        switch (ins) {
            case 0xA4:
                if (p1 != 0x04 || c.length < 5) {
                    return sw(0x6A86);
                }
                int lc = c[4] & 0xFF;
                if (c.length < 5 + lc) {
                    return sw(0x6700);
                }
                return Arrays.equals(Arrays.copyOfRange(c, 5, 5 + lc), AID) ? sw(0x9000) : sw(0x6A82);
            case 0xCA:
                if (p1 == 0x01 && p2 == 0x02) {
                    return withSw(DATA, 0x9000);
                }
                if (p1 == 0x01 && p2 == 0x03) {
                    responsePending = true;
                    return sw(0x6100 | DATA.length);
                }
                return sw(0x6A88);
            case 0xC0:
                return pending ? withSw(DATA, 0x9000) : sw(0x6985);
            case 0xB0:
                int ne;
                if (c.length == 5) {
                    ne = c[4] == 0 ? 256 : c[4] & 0xFF;
                } else if (c.length == 7 && c[4] == 0) {
                    int le = ((c[5] & 0xFF) << 8) | (c[6] & 0xFF);
                    ne = le == 0 ? 65536 : le;
                } else {
                    return sw(0x6700);
                }
                // vpcd carries at most 65535 bytes, status word included.
                ne = Math.min(ne, 65533);
                byte[] data = new byte[ne];
                for (int i = 0; i < ne; i++) {
                    data[i] = (byte) i;
                }
                return withSw(data, 0x9000);
            default:
                return sw(0x6D00);
        }
    }

    private static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }

    private static byte[] withSw(byte[] data, int sw) {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) (sw >> 8);
        out[data.length + 1] = (byte) sw;
        return out;
    }
}

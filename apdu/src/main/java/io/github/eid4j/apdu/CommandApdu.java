package io.github.eid4j.apdu;

import java.util.Arrays;
import io.github.eid4j.apdu.transport.CardTransport;

/**
 * An ISO/IEC 7816-4 command APDU: header CLA INS P1 P2, an optional command data field (Nc
 * bytes) and an optional expected response length (Ne).
 *
 * <p>Ne follows the standard: {@code 0} means "no Le field"; 1..256 fit a short Le (256 is
 * encoded as {@code 00}); up to 65536 need an extended Le (65536 is encoded as {@code 0000}).
 * The encoding is chosen by the content: a command is extended only when Nc &gt; 255 or
 * Ne &gt; 256, as ISO 7816-3 requires.
 *
 * <p>{@link #toString()} never shows the data field, because it may hold a PIN. A command that
 * carries a secret is used in try-with-resources: {@link #close()} wipes its copy of the data,
 * and {@link CardTransport#transmit(CommandApdu)} wipes the
 * encoding it sends.
 */
public final class CommandApdu implements AutoCloseable {
    public static final int MAX_SHORT_NC = 255;
    public static final int MAX_SHORT_NE = 256;
    public static final int MAX_EXTENDED_NC = 65535;
    public static final int MAX_EXTENDED_NE = 65536;

    private final byte cla;
    private final byte ins;
    private final byte p1;
    private final byte p2;
    private final byte[] data;
    private final int ne;

    /** A case 1 command: header only. */
    public CommandApdu(int cla, int ins, int p1, int p2) {
        this(cla, ins, p1, p2, null, 0);
    }

    /** A case 2 command: header and Le. */
    public CommandApdu(int cla, int ins, int p1, int p2, int ne) {
        this(cla, ins, p1, p2, null, ne);
    }

    /** A case 3 command: header and data. */
    public CommandApdu(int cla, int ins, int p1, int p2, byte[] data) {
        this(cla, ins, p1, p2, data, 0);
    }

    /**
     * A command of any case: {@code data} null or empty means no data field, {@code ne} 0
     * means no Le field.
     *
     * @throws ApduFormatException if a header byte is outside 0..255, the data field is longer
     *     than 65535 bytes, or Ne is outside 0..65536
     */
    public CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne) {
        this(checkedLength(data) == 0 ? new byte[0] : data.clone(), cla, ins, p1, p2, ne);
    }

    /** Takes {@code data} as it is, without a copy: for arrays made for this command only. */
    private CommandApdu(byte[] ownData, int cla, int ins, int p1, int p2, int ne) {
        this.cla = headerByte("CLA", cla);
        this.ins = headerByte("INS", ins);
        this.p1 = headerByte("P1", p1);
        this.p2 = headerByte("P2", p2);
        this.data = ownData;
        if (ne < 0 || ne > MAX_EXTENDED_NE) {
            throw new ApduFormatException("The expected response length Ne must be 0 to 65536, not " + ne + ".");
        }
        this.ne = ne;
    }

    private static int checkedLength(byte[] data) {
        int n = data == null ? 0 : data.length;
        if (n > MAX_EXTENDED_NC) {
            throw new ApduFormatException("A command data field holds at most 65535 bytes, not " + n + ".");
        }
        return n;
    }

    private static byte headerByte(String name, int value) {
        if (value < 0 || value > 0xFF) {
            throw new ApduFormatException(name + " must be a byte value 0x00 to 0xFF, not " + value + ".");
        }
        return (byte) value;
    }

    /**
     * Parses the bytes of a command APDU in any of the seven encodings of ISO/IEC 7816-3
     * (cases 1, 2S, 3S, 4S, 2E, 3E, 4E).
     *
     * @throws ApduFormatException if the bytes are shorter than a header or their length
     *     fields disagree with their size
     */
    public static CommandApdu parse(byte[] apdu) {
        if (apdu == null) {
            throw new ApduFormatException("No command APDU was given.");
        }
        int n = apdu.length;
        if (n < 4) {
            throw new ApduFormatException("A command APDU needs at least the 4 header bytes, but has " + n + ".");
        }
        int cla = apdu[0] & 0xFF;
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        if (n == 4) {
            return new CommandApdu(cla, ins, p1, p2);
        }
        int b5 = apdu[4] & 0xFF;
        if (n == 5) {
            return new CommandApdu(cla, ins, p1, p2, null, b5 == 0 ? 256 : b5);
        }
        if (b5 != 0) {
            int nc = b5;
            if (n == 5 + nc) {
                return new CommandApdu(Arrays.copyOfRange(apdu, 5, n), cla, ins, p1, p2, 0);
            }
            if (n == 6 + nc) {
                int le = apdu[n - 1] & 0xFF;
                return new CommandApdu(Arrays.copyOfRange(apdu, 5, 5 + nc), cla, ins, p1, p2, le == 0 ? 256 : le);
            }
            throw new ApduFormatException("The command APDU says Lc=" + nc + " but its body has "
                    + (n - 5) + " bytes, which fits neither case 3 nor case 4.");
        }
        // b5 == 0 with more bytes after it: an extended length field.
        if (n < 7) {
            throw new ApduFormatException("An extended-length command APDU needs 7 bytes or more, but has " + n + ".");
        }
        int ext = ((apdu[5] & 0xFF) << 8) | (apdu[6] & 0xFF);
        if (n == 7) {
            return new CommandApdu(cla, ins, p1, p2, null, ext == 0 ? 65536 : ext);
        }
        if (ext == 0) {
            throw new ApduFormatException("An extended Lc of 0 is not allowed; a command without data has no Lc.");
        }
        if (n == 7 + ext) {
            return new CommandApdu(Arrays.copyOfRange(apdu, 7, n), cla, ins, p1, p2, 0);
        }
        if (n == 9 + ext) {
            int le = ((apdu[n - 2] & 0xFF) << 8) | (apdu[n - 1] & 0xFF);
            return new CommandApdu(Arrays.copyOfRange(apdu, 7, 7 + ext), cla, ins, p1, p2, le == 0 ? 65536 : le);
        }
        throw new ApduFormatException("The command APDU says extended Lc=" + ext + " but its body has "
                + (n - 7) + " bytes, which fits neither case 3E nor case 4E.");
    }

    /** The encoding that ISO/IEC 7816-3 prescribes: short unless Nc or Ne needs extended. */
    public byte[] toBytes() {
        int nc = data.length;
        boolean extended = isExtended();
        int size = 4;
        if (nc > 0) {
            size += (extended ? 3 : 1) + nc;
        }
        if (ne > 0) {
            size += extended ? (nc > 0 ? 2 : 3) : 1;
        }
        byte[] out = new byte[size];
        out[0] = cla;
        out[1] = ins;
        out[2] = p1;
        out[3] = p2;
        int pos = 4;
        if (nc > 0) {
            if (extended) {
                out[pos++] = 0;
                out[pos++] = (byte) (nc >> 8);
            }
            out[pos++] = (byte) nc;
            System.arraycopy(data, 0, out, pos, nc);
            pos += nc;
        }
        if (ne > 0) {
            if (extended) {
                if (nc == 0) {
                    out[pos++] = 0;
                }
                out[pos++] = (byte) (ne >> 8); // 65536 encodes as 00 00
                out[pos] = (byte) ne;
            } else {
                out[pos] = (byte) ne; // 256 encodes as 00
            }
        }
        return out;
    }

    /** True when the command needs extended length fields (Nc &gt; 255 or Ne &gt; 256). */
    public boolean isExtended() {
        return data.length > MAX_SHORT_NC || ne > MAX_SHORT_NE;
    }

    /** The ISO 7816-3 case: 1 (header), 2 (Le), 3 (data) or 4 (data and Le). */
    public int caseNumber() {
        boolean hasData = data.length > 0;
        boolean hasLe = ne > 0;
        return hasData ? (hasLe ? 4 : 3) : (hasLe ? 2 : 1);
    }

    public int cla() {
        return cla & 0xFF;
    }

    public int ins() {
        return ins & 0xFF;
    }

    public int p1() {
        return p1 & 0xFF;
    }

    public int p2() {
        return p2 & 0xFF;
    }

    /** P1 and P2 as one 16-bit value, e.g. a READ BINARY offset. */
    public int p1p2() {
        return (p1() << 8) | p2();
    }

    /** Nc, the length of the command data field. */
    public int nc() {
        return data.length;
    }

    /** Ne, the maximum number of response data bytes expected; 0 when there is no Le. */
    public int ne() {
        return ne;
    }

    /** A copy of the command data field. */
    public byte[] data() {
        return data.clone();
    }

    /** This command with a different Ne (e.g. the Le a card asked for with 6Cxx). */
    public CommandApdu withNe(int newNe) {
        return new CommandApdu(cla(), ins(), p1(), p2(), data, newNe);
    }

    /** This command with a different class byte (e.g. the chaining bit set). */
    public CommandApdu withCla(int newCla) {
        return new CommandApdu(newCla, ins(), p1(), p2(), data, ne);
    }

    /** This command with a different data field and the same Ne. */
    public CommandApdu withData(byte[] newData) {
        return new CommandApdu(cla(), ins(), p1(), p2(), newData, ne);
    }

    /** Wipes the data field (overwrites it with zeros), for a command that carried a secret. */
    @Override
    public void close() {
        Arrays.fill(data, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandApdu c && cla == c.cla && ins == c.ins && p1 == c.p1 && p2 == c.p2
                && ne == c.ne && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(new byte[] {cla, ins, p1, p2}) + 17 * ne + data.length;
    }

    /** Header, Nc and Ne; never the data, which may be a PIN. */
    @Override
    public String toString() {
        return String.format("%02X %02X %02X %02X (Nc=%d, Ne=%d)", cla(), ins(), p1(), p2(), data.length, ne);
    }
}

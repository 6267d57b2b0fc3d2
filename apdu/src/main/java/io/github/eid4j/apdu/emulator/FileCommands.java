package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.StatusWord;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** SELECT, READ BINARY and UPDATE BINARY over the card's file system (ISO 7816-4 §7.1–7.2). */
final class FileCommands {
    private final CardImage image;
    private final VirtualCard card;

    FileCommands(CardImage image, VirtualCard card) {
        this.image = image;
        this.card = card;
    }

    byte[] select(CommandApdu c) throws CardStatusException {
        int p1 = c.p1();
        int p2 = c.p2();
        int answer = p2 & 0x0C;
        int occurrence = p2 & 0x03;
        if ((p2 & 0xF0) != 0 || answer == 0x08 || occurrence == 0x01 || occurrence == 0x03
                || occurrence == 0x02 && p1 != 0x04) {
            throw new CardStatusException(StatusWord.INCORRECT_P1_P2);
        }
        VolatileState s = card.session();
        byte[] data = c.data();
        CardFile target;
        switch (p1) {
            case 0x00:
                target = data.length == 0 ? image.masterFile() : byFid(s.currentDf, fid(data), true, true);
                break;
            case 0x01:
                target = childOfType(s.currentDf, fid(data), DedicatedFile.class);
                break;
            case 0x02:
                target = childOfType(s.currentDf, fid(data), ElementaryFile.class);
                break;
            case 0x03:
                if (data.length != 0) {
                    throw new CardStatusException(StatusWord.LC_INCONSISTENT_WITH_P1_P2);
                }
                target = s.currentDf.parent();
                break;
            case 0x04:
                target = byName(data, occurrence == 0x02 ? s.currentDf : null);
                break;
            case 0x08:
                target = byPath(image.masterFile(), data, true);
                break;
            case 0x09:
                target = byPath(s.currentDf, data, false);
                break;
            default:
                throw new CardStatusException(StatusWord.INCORRECT_P1_P2);
        }
        if (target == null) {
            throw new CardStatusException(StatusWord.FILE_NOT_FOUND);
        }
        if (target instanceof DedicatedFile df) {
            if (p1 == 0x04) {
                // Selecting an application starts it afresh: nothing stays verified.
                s.clearSecurityStatus();
            }
            s.currentDf = df;
            s.currentEf = null;
        } else {
            s.currentDf = target.parent();
            s.currentEf = (ElementaryFile) target;
        }
        if (target.lifeCycle() == 0x04) {
            throw new CardStatusException(StatusWord.SELECTED_FILE_INVALIDATED);
        }
        return answer == 0x0C ? new byte[0] : fcp(target);
    }

    private static int fid(byte[] data) throws CardStatusException {
        if (data.length != 2) {
            throw new CardStatusException(StatusWord.LC_INCONSISTENT_WITH_P1_P2);
        }
        return ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
    }

    /** P1=00: a child of the current DF, the current DF itself, its parent, or the MF. */
    private CardFile byFid(DedicatedFile current, int fid, boolean self, boolean parent) {
        if (fid == DedicatedFile.MF_FID) {
            return image.masterFile();
        }
        CardFile child = current.child(fid);
        if (child != null) {
            return child;
        }
        if (self && current.fid() == fid) {
            return current;
        }
        if (parent && current.parent() != null && current.parent().fid() == fid) {
            return current.parent();
        }
        return null;
    }

    private static <F extends CardFile> CardFile childOfType(DedicatedFile current, int fid, Class<F> type) {
        CardFile child = current.child(fid);
        return type.isInstance(child) ? child : null;
    }

    /** P1=04: the first DF whose name starts with the given bytes, or the next one after {@code after}. */
    private CardFile byName(byte[] name, DedicatedFile after) throws CardStatusException {
        if (name.length == 0 || name.length > 16) {
            throw new CardStatusException(StatusWord.LC_INCONSISTENT_WITH_P1_P2);
        }
        List<DedicatedFile> all = new ArrayList<>();
        collect(image.masterFile(), all);
        boolean passed = after == null;
        for (DedicatedFile df : all) {
            if (!passed) {
                passed = df == after;
                continue;
            }
            byte[] dfName = df.name();
            if (dfName != null && dfName.length >= name.length
                    && java.util.Arrays.equals(dfName, 0, name.length, name, 0, name.length)) {
                return df;
            }
        }
        return null;
    }

    private static void collect(DedicatedFile df, List<DedicatedFile> out) {
        out.add(df);
        for (CardFile f : df.children()) {
            if (f instanceof DedicatedFile child) {
                collect(child, out);
            }
        }
    }

    /** P1=08 (from the MF; a leading 3F00 is accepted) and P1=09 (from the current DF). */
    private CardFile byPath(DedicatedFile start, byte[] path, boolean fromMf) throws CardStatusException {
        if (path.length == 0 || path.length % 2 != 0) {
            throw new CardStatusException(StatusWord.LC_INCONSISTENT_WITH_P1_P2);
        }
        CardFile at = start;
        for (int i = 0; i < path.length; i += 2) {
            int fid = ((path[i] & 0xFF) << 8) | (path[i + 1] & 0xFF);
            if (i == 0 && fromMf && fid == DedicatedFile.MF_FID) {
                continue;
            }
            if (!(at instanceof DedicatedFile df)) {
                return null;
            }
            at = df.child(fid);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    /**
     * The FCP template (62): an EF's size (80 or 81, per card), then, unless the card gives an
     * EF's size alone, descriptor, FID, DF name and life cycle.
     */
    byte[] fcp(CardFile file) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean sizeOnly = false;
        if (file instanceof ElementaryFile ef) {
            int size = ef.size();
            tlv(body, image.settings().fcpSizeTag(), new byte[] {(byte) (size >> 8), (byte) size});
            sizeOnly = image.settings().efFcpSizeOnly();
        }
        if (!sizeOnly) {
            tlv(body, 0x82, new byte[] {file instanceof ElementaryFile ? (byte) 0x01 : (byte) 0x38});
            tlv(body, 0x83, new byte[] {(byte) (file.fid() >> 8), (byte) file.fid()});
            if (file instanceof DedicatedFile df && df.name() != null) {
                tlv(body, 0x84, df.name());
            }
            tlv(body, 0x8A, new byte[] {(byte) file.lifeCycle()});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tlv(out, 0x62, body.toByteArray());
        return out.toByteArray();
    }

    private static void tlv(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag);
        if (value.length > 127) {
            out.write(0x81);
        }
        out.write(value.length);
        out.write(value, 0, value.length);
    }

    byte[] readBinary(CommandApdu c) throws CardStatusException {
        ElementaryFile ef = fileAndOffset(c);
        int offset = offset(c);
        card.require(ef.readCondition());
        if (c.nc() != 0) {
            throw new CardStatusException(StatusWord.WRONG_LENGTH);
        }
        if (c.ne() == 0) {
            throw new CardStatusException(StatusWord.WRONG_LENGTH);
        }
        if (offset > ef.size()) {
            throw new CardStatusException(StatusWord.WRONG_P1_P2);
        }
        boolean wildcard = c.ne() == 256 || c.ne() == 65536; // Le=00: "as much as there is"
        int n = Math.min(Math.min(c.ne(), image.settings().maxReadChunk()), ef.size() - offset);
        byte[] data = ef.read(offset, n);
        if (n < c.ne() && !wildcard && n < image.settings().maxReadChunk()) {
            // Fewer bytes than asked because the file ended: ISO's 6282 warning, with the data.
            throw new EndOfFile(data);
        }
        return data;
    }

    byte[] updateBinary(CommandApdu c) throws CardStatusException {
        ElementaryFile ef = fileAndOffset(c);
        int offset = offset(c);
        card.require(ef.updateCondition());
        if (c.nc() == 0) {
            throw new CardStatusException(StatusWord.WRONG_LENGTH);
        }
        if (offset + c.nc() > ef.size()) {
            throw new CardStatusException(StatusWord.NOT_ENOUGH_MEMORY);
        }
        byte[] previous = ef.read(offset, c.nc());
        ef.write(offset, c.data());
        try {
            card.persist();
        } catch (CardStatusException e) {
            ef.write(offset, previous); // the update the card reported as failed must not stay in effect
            throw e;
        }
        return new byte[0];
    }

    /** The EF named by P1 (short EF identifier when bit 8 is set), made current. */
    private ElementaryFile fileAndOffset(CommandApdu c) throws CardStatusException {
        VolatileState s = card.session();
        if ((c.p1() & 0x80) != 0) {
            if ((c.p1() & 0x60) != 0) {
                throw new CardStatusException(StatusWord.INCORRECT_P1_P2);
            }
            ElementaryFile ef = s.currentDf.childBySfi(c.p1() & 0x1F);
            if (ef == null) {
                throw new CardStatusException(StatusWord.FILE_NOT_FOUND);
            }
            s.currentEf = ef;
            return ef;
        }
        if (s.currentEf == null) {
            throw new CardStatusException(StatusWord.COMMAND_NOT_ALLOWED_NO_EF);
        }
        return s.currentEf;
    }

    private static int offset(CommandApdu c) {
        return (c.p1() & 0x80) != 0 ? c.p2() : ((c.p1() & 0x7F) << 8) | c.p2();
    }

    /** 6282 carries data, so it is an answer rather than an abort. */
    static final class EndOfFile extends CardStatusException {
        private static final long serialVersionUID = 1L;
        final transient byte[] data;

        EndOfFile(byte[] data) {
            super(StatusWord.END_OF_FILE_REACHED);
            this.data = data;
        }
    }
}

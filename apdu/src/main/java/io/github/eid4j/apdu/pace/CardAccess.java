package io.github.eid4j.apdu.pace;

import io.github.eid4j.apdu.ApduFormatException;
import io.github.eid4j.apdu.tlv.BerTlv;
import io.github.eid4j.apdu.tlv.Tlv;
import io.github.eid4j.apdu.tlv.TlvWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * EF.CardAccess (FID 011C, SFI 1C; ICAO Doc 9303-11 §9.2.11, BSI TR-03110-3 §A.1): a DER SET OF
 * SecurityInfo, each a SEQUENCE of an object identifier, required data and optional data. The
 * PACEInfos are read; every other SecurityInfo is skipped.
 */
public final class CardAccess {
    public static final int FID = 0x011C;
    public static final int SFI = 0x1C;
    private static final int SET = 0x31;
    private static final int SEQUENCE = 0x30;
    private static final int OID = 0x06;
    private static final int INTEGER = 0x02;

    private CardAccess() {
    }

    /**
     * The PACEInfos of the file, in its order.
     *
     * @throws CardAccessFormatException if the bytes are not a SET OF SecurityInfo, or a PACEInfo is malformed
     */
    public static List<PaceInfo> parse(byte[] file) {
        Tlv set;
        try {
            set = BerTlv.parse(file, BerTlv.Padding.SKIP);
        } catch (ApduFormatException e) {
            throw new CardAccessFormatException("EF.CardAccess is not a DER structure (" + e.getMessage() + ").");
        }
        if (set.tag() != SET) {
            throw new CardAccessFormatException(String.format("EF.CardAccess starts with tag %02X, not a SET (31).", set.tag()));
        }
        List<PaceInfo> infos = new ArrayList<>();
        for (Tlv info : set.children()) {
            List<Tlv> fields = info.children();
            if (info.tag() != SEQUENCE || fields.size() < 2 || fields.get(0).tag() != OID) {
                throw new CardAccessFormatException("EF.CardAccess holds a SecurityInfo that is not a SEQUENCE starting with an object identifier.");
            }
            byte[] oid = fields.get(0).value();
            if (!PaceProtocol.isPace(oid)) {
                continue;
            }
            if (fields.size() > 3 || fields.get(1).tag() != INTEGER || fields.size() == 3 && fields.get(2).tag() != INTEGER) {
                throw new CardAccessFormatException("EF.CardAccess holds a PACEInfo whose version or parameter ID is not an INTEGER.");
            }
            infos.add(new PaceInfo(oid, PaceProtocol.of(oid), smallInteger(fields.get(1)),
                    fields.size() == 3 ? smallInteger(fields.get(2)) : -1));
        }
        return infos;
    }

    /** The first PACEInfo eid4j can run, if any. */
    public static Optional<PaceInfo> preferred(List<PaceInfo> infos) {
        return infos.stream().filter(PaceInfo::isSupported).findFirst();
    }

    /** The file a card with these PACEInfos holds (for the virtual card's personalisation). */
    public static byte[] encode(List<PaceInfo> infos) {
        TlvWriter out = new TlvWriter();
        out.constructed(SET, set -> {
            for (PaceInfo info : infos) {
                set.constructed(SEQUENCE, seq -> {
                    seq.primitive(OID, info.oid());
                    seq.primitive(INTEGER, BigInteger.valueOf(info.version()).toByteArray());
                    if (info.parameterId() >= 0) {
                        seq.primitive(INTEGER, BigInteger.valueOf(info.parameterId()).toByteArray());
                    }
                });
            }
        });
        return out.toByteArray();
    }

    private static int smallInteger(Tlv integer) {
        byte[] v = integer.value();
        if (v.length == 0 || v.length > 3) {
            throw new CardAccessFormatException("EF.CardAccess holds a PACEInfo INTEGER of " + v.length + " bytes.");
        }
        int value = new BigInteger(v).intValue();
        if (value < 0) {
            throw new CardAccessFormatException("EF.CardAccess holds a PACEInfo with a negative version or parameter ID.");
        }
        return value;
    }
}

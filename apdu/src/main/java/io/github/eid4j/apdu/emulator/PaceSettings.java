package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.pace.CardAccess;
import io.github.eid4j.apdu.pace.PaceInfo;
import io.github.eid4j.apdu.pace.PacePassword;
import io.github.eid4j.apdu.pace.PaceProtocol;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A card that speaks PACE: the one PACEInfo it offers (its EF.CardAccess), which of its
 * reference data are the PACE passwords CAN, PIN and PUK (each keeps its own retry counter; the
 * CAN's is never used, so it never blocks), and whether every command needs secure messaging
 * (then a command sent without it gets 69 82, apart from what PACE itself needs: SELECT and
 * READ BINARY of EF.CardAccess, MSE:Set AT and GENERAL AUTHENTICATE).
 *
 * @param canReference the reference data that holds the CAN, or -1
 * @param pinReference the reference data of the PIN usable as PACE password, or -1
 * @param pukReference the reference data of the PUK usable as PACE password, or -1
 */
public record PaceSettings(PaceInfo info, int canReference, int pinReference, int pukReference, boolean required) {

    public PaceSettings {
        if (!info.isSupported()) {
            throw new IllegalArgumentException("The virtual card speaks ECDH Generic Mapping on a standard curve only, not " + info + ".");
        }
    }

    /** The content of EF.CardAccess. */
    public byte[] cardAccess() {
        return CardAccess.encode(List.of(info));
    }

    /** EF.CardAccess (011C, SFI 1C) as the MF holds it: readable by anyone, before PACE. */
    public ElementaryFile cardAccessFile() {
        return new ElementaryFile(CardAccess.FID, CardAccess.SFI, cardAccess(), AccessCondition.ALWAYS, AccessCondition.NEVER);
    }

    /** The reference data that answers to a PACE password reference (MSE:Set AT tag 83), if the card has it. */
    Optional<Integer> reference(PacePassword.Type type) {
        int ref = switch (type) {
            case CAN -> canReference;
            case PIN -> pinReference;
            case PUK -> pukReference;
            case MRZ -> -1;
        };
        return ref < 0 ? Optional.empty() : Optional.of(ref);
    }

    /** The text kept in card.properties. */
    String encode() {
        return String.join(";", "protocol=" + HexFormat.of().formatHex(info.oid()), "parameter=" + info.parameterId(),
                "can=" + canReference, "pin=" + pinReference, "puk=" + pukReference, "required=" + required);
    }

    static PaceSettings decode(Map<String, String> f) {
        byte[] oid = HexFormat.of().parseHex(f.get("protocol"));
        PaceInfo info = new PaceInfo(oid, PaceProtocol.of(oid), 2, Integer.parseInt(f.get("parameter")));
        return new PaceSettings(info, Integer.parseInt(f.get("can")), Integer.parseInt(f.get("pin")),
                Integer.parseInt(f.get("puk")), Boolean.parseBoolean(f.get("required")));
    }
}

package io.github.eid4j.testing;

import io.github.eid4j.apdu.emulator.AccessCondition;
import io.github.eid4j.apdu.emulator.CardImage;
import io.github.eid4j.apdu.emulator.CardSettings;
import io.github.eid4j.apdu.emulator.DedicatedFile;
import io.github.eid4j.apdu.emulator.ElementaryFile;
import io.github.eid4j.apdu.emulator.PaceSettings;
import io.github.eid4j.apdu.emulator.PinFormat;
import io.github.eid4j.apdu.emulator.ReferenceData;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.pace.PaceDomain;
import io.github.eid4j.apdu.pace.PaceInfo;
import io.github.eid4j.apdu.pace.PaceProtocol;

/**
 * A small card behind PACE, for the tests of PACE and secure messaging on both sides:
 *
 * <pre>
 *   3F00 MF
 *     011C  EF.CardAccess (one PACEInfo, read always)
 *     0100  DF with the eMRTD application's AID A0 00 00 02 47 10 01 (as JMRTD selects it)
 *       0101  300 bytes of data (read always; but the card requires secure messaging for it)
 *   CAN 8A: 6 digits, never blocks
 *   PIN 81: 6 digits, 3 tries, unblocked by PUK 82
 *   PUK 82: 8 digits, 10 tries
 * </pre>
 */
public final class PaceTestCard {
    public static final byte[] ATR = Hex.decode("3B 88 80 01 00 65 69 64 34 6A 50 41 43 45 1A");
    public static final String CAN = "123456";
    public static final String PIN = "654321";
    public static final String PUK = "87654321";
    public static final int CAN_REFERENCE = 0x8A;
    public static final int PIN_REFERENCE = 0x81;
    public static final int PUK_REFERENCE = 0x82;
    public static final byte[] APPLICATION = Hex.decode("A0 00 00 02 47 10 01");
    public static final int DATA_FID = 0x0101;

    private PaceTestCard() {
    }

    /** The 300 bytes of EF 0101: one BER-TLV object, as an LDS data group is (JMRTD reads its length from it). */
    public static byte[] data() {
        byte[] data = new byte[300];
        for (int i = 4; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 1);
        }
        data[0] = 0x61;
        data[1] = (byte) 0x82;
        data[2] = 0x01;
        data[3] = 0x28;
        return data;
    }

    /** AES-128 on brainpoolP256r1, as the German and (by inference) many eID cards. */
    public static CardImage image() {
        return image(PaceInfo.of(PaceProtocol.ECDH_GM_AES_CBC_CMAC_128, PaceDomain.BRAINPOOL_P256R1));
    }

    public static CardImage image(PaceInfo info) {
        return image(info, CardSettings.builder(ATR).build());
    }

    /** With other settings, e.g. a card that speaks T=0. */
    public static CardImage image(PaceInfo info, CardSettings settings) {
        DedicatedFile mf = DedicatedFile.masterFile();
        CardImage image = new CardImage(settings, mf);
        ReferenceData puk = image.addPin(new ReferenceData(PUK_REFERENCE, "PUK", PinFormat.asciiPadded(8, 0xFF), 8, 8, 10, -1, false));
        ReferenceData pin = image.addPin(new ReferenceData(PIN_REFERENCE, "PIN", PinFormat.asciiPadded(8, 0xFF), 6, 8, 3, PUK_REFERENCE, false));
        ReferenceData can = image.addPin(new ReferenceData(CAN_REFERENCE, "CAN", PinFormat.asciiPadded(6, 0xFF), 6, 6, 1, -1, false));
        PaceSettings pace = new PaceSettings(info, CAN_REFERENCE, PIN_REFERENCE, PUK_REFERENCE, true);
        image.enablePace(pace);
        can.personalise(CAN.toCharArray(), false);
        pin.personalise(PIN.toCharArray(), false);
        puk.personalise(PUK.toCharArray(), false);
        mf.add(pace.cardAccessFile());
        DedicatedFile application = mf.add(new DedicatedFile(0x0100, APPLICATION));
        application.add(new ElementaryFile(DATA_FID, 1, data(), AccessCondition.ALWAYS, AccessCondition.NEVER));
        return image;
    }
}

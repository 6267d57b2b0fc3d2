package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.ApduFormatException;
import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.SecretCommands;
import io.github.eid4j.apdu.pace.CardAccess;
import io.github.eid4j.apdu.sm.SecureMessaging;
import io.github.eid4j.apdu.sm.SecureMessagingException;
import java.util.Arrays;

/**
 * Secure messaging on the card of a profile with PACE (ICAO Doc 9303-11 §9.8): after PACE
 * every command must be protected, and every answer is. A protected command whose data objects
 * are missing or wrong gets 69 87 or 69 88 in plaintext and ends the channel, and so does a
 * plain command (the chip aborts secure messaging, §9.8.3). Before PACE, on a card that requires
 * it, only what PACE needs is answered; anything else gets 69 82. A protected answer longer than
 * the command's Le' waits behind 61xx, for a plain GET RESPONSE (as Gemalto's cards do).
 */
final class SecureChannel {
    private SecureChannel() {
    }

    static byte[] process(VirtualCard card, byte[] bytes) {
        VolatileState session = card.session();
        boolean isProtected = bytes.length >= 4 && (bytes[0] & 0x80) == 0 && (bytes[0] & 0x0C) == 0x0C;
        SecureMessaging channel = session.secureChannel;
        if (channel == null) {
            if (isProtected) {
                return VirtualCard.status(0x6988);
            }
            if (card.image().pace().required() && !neededForPace(session, bytes)) {
                return VirtualCard.status(0x6982);
            }
            return card.plain(bytes);
        }
        if (!isProtected) {
            if (bytes.length >= 4 && (bytes[1] & 0xFF) == 0xC0 && session.pendingResponse != null) {
                return card.plain(bytes);
            }
            session.closeSecureChannel();
            return VirtualCard.status(0x6987);
        }
        CommandApdu wrapped;
        CommandApdu command;
        try {
            wrapped = CommandApdu.parse(bytes);
            command = channel.unwrapCommand(wrapped);
        } catch (ApduFormatException e) {
            session.closeSecureChannel();
            return VirtualCard.status(0x6988);
        } catch (SecureMessagingException e) {
            session.closeSecureChannel();
            return VirtualCard.status(e.getMessage().startsWith("6987") ? 0x6987 : 0x6988);
        }
        byte[] plainCommand = command.toBytes();
        boolean secretAnswer = SecretCommands.answerIsSecret(plainCommand);
        byte[] answer;
        try {
            answer = card.plain(plainCommand);
        } finally {
            SecretCommands.wipeIfSecret(plainCommand);
            command.close();
        }
        if (session.secureChannel != channel) {
            return answer; // the command ended the channel (a new PACE): its answer goes in plaintext
        }
        int sw = ((answer[answer.length - 2] & 0xFF) << 8) | (answer[answer.length - 1] & 0xFF);
        byte[] data = Arrays.copyOf(answer, answer.length - 2);
        byte[] body = channel.wrapResponse(data, sw);
        if (secretAnswer) {
            Arrays.fill(data, (byte) 0);
            Arrays.fill(answer, (byte) 0);
        }
        // Le' is always sent, but T=0 drops it (case 3): such a card gives every answer through GET RESPONSE.
        int room = wrapped.ne() != 0 ? wrapped.ne() : card.image().settings().uses61xx() ? 0 : CommandApdu.MAX_SHORT_NE;
        if (body.length - 2 <= room) {
            return body;
        }
        session.pendingResponse = Arrays.copyOf(body, body.length - 2);
        session.pendingOffset = room;
        session.pendingStatus = sw;
        int rest = body.length - 2 - room;
        return VirtualCard.withStatus(body, room, 0x6100 | (rest >= 256 ? 0 : rest));
    }

    /** Before PACE: SELECT of the MF or EF.CardAccess, READ BINARY of EF.CardAccess, PACE itself, GET RESPONSE. */
    private static boolean neededForPace(VolatileState session, byte[] bytes) {
        CommandApdu c;
        try {
            c = CommandApdu.parse(bytes);
        } catch (ApduFormatException e) {
            return true; // the card OS answers it with 6700
        }
        byte[] fid = {(byte) (CardAccess.FID >> 8), (byte) CardAccess.FID};
        return switch (c.ins()) {
            case 0xA4 -> c.p1() != 0x04 && (c.nc() == 0 || Arrays.equals(c.data(), new byte[] {0x3F, 0x00}) || Arrays.equals(c.data(), fid));
            case 0xB0 -> c.p1() == (0x80 | CardAccess.SFI)
                    || (c.p1() & 0x80) == 0 && session.currentEf != null && session.currentEf.fid() == CardAccess.FID;
            case 0x22 -> c.p1p2() == 0xC1A4;
            case 0x86, 0xC0 -> true;
            default -> false;
        };
    }
}

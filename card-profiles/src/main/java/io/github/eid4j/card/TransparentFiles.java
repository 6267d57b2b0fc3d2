package io.github.eid4j.card;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.tlv.BerTlv;
import io.github.eid4j.apdu.tlv.Tlv;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Reads a transparent EF the way eID cards want it: SELECT by path from the MF with the FCP
 * (P1=08, P2=04), the size from FCP tag 80 or 81, then READ BINARY with Le=00 from each offset
 * until the size is reached, however many bytes the card gives per read.
 */
public final class TransparentFiles {
    /** A certificate or PKCS#15 file is far smaller; a larger size means a broken FCP. */
    static final int MAX_FILE = 65535;

    private TransparentFiles() {
    }

    /** The file's content, or empty if the card has no such file (6A82). */
    public static Optional<byte[]> read(CardTransport card, byte[] path) throws TransportException, EidException {
        ResponseApdu select = card.transmit(new CommandApdu(0x00, 0xA4, 0x08, 0x04, path, 256));
        if (select.sw() == 0x6A82) {
            return Optional.empty();
        }
        if (!select.isSuccess()) {
            throw CardErrors.unexpected("select file " + Hex.plain(path), select.statusWord());
        }
        int size = size(select.data(), path);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        while (out.size() < size) {
            int offset = out.size();
            ResponseApdu r = card.transmit(new CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, 256));
            if ((!r.isSuccess() && r.sw() != 0x6282) || r.dataLength() == 0) {
                throw CardErrors.unexpected("read file " + Hex.plain(path) + " at offset " + offset, r.statusWord());
            }
            out.write(r.data(), 0, Math.min(r.dataLength(), size - offset));
        }
        return Optional.of(out.toByteArray());
    }

    private static int size(byte[] fcp, byte[] path) throws EidException {
        try {
            Tlv template = BerTlv.parse(fcp);
            Optional<Tlv> size = template.find(0x81).or(() -> template.find(0x80));
            if (template.tag() == 0x62 && size.isPresent() && size.get().length() >= 1 && size.get().length() <= 3) {
                int n = 0;
                for (byte b : size.get().value()) {
                    n = (n << 8) | (b & 0xFF);
                }
                if (n <= MAX_FILE) {
                    return n;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the one error below
        }
        throw new CardAccessException(CardAccessException.Reason.CARD_ERROR,
                "The card described file " + Hex.plain(path) + " with an FCP that has no usable size.");
    }
}

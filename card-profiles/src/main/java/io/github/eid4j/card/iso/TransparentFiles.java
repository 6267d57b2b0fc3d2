package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.tlv.BerTlv;
import io.github.eid4j.apdu.tlv.Tlv;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardErrors;
import io.github.eid4j.card.EidException;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads a whole transparent EF: SELECT by path from the MF with the FCP (P1=08, P2=04); the size
 * from FCP tag 80 or 81, or, for a card whose FCP does not tell it, from the DER header of the
 * content (certificates and PKCS#15 files are DER); then READ BINARY from each offset until the
 * size is reached, however many bytes the card gives per read. Each read asks for at most what
 * the connection carries ({@code maxRead}): fewer under secure messaging, whose protected answer
 * must fit in the same APDU.
 */
public final class TransparentFiles {
    /** A certificate or PKCS#15 file is far smaller; a larger size means a broken FCP or header. */
    static final int MAX_FILE = 65535;

    private TransparentFiles() {
    }

    /** As {@link #read(CardTransport, byte[], int)} with the short-APDU limit, 256 bytes per read. */
    public static Optional<byte[]> read(CardTransport card, byte[] path) throws TransportException, EidException {
        return read(card, path, CommandApdu.MAX_SHORT_NE);
    }

    /** The file's content, or empty if the card has no such file (6A82). */
    public static Optional<byte[]> read(CardTransport card, byte[] path, int maxRead) throws TransportException, EidException {
        Optional<FileStart> start = start(card, path, maxRead);
        return start.isEmpty() ? Optional.empty() : Optional.of(rest(card, path, start.get(), maxRead));
    }

    /**
     * The start of a file: its size (from the FCP, else from the DER header) and the first READ
     * BINARY's answer, which is enough to tell one card's file from another's (a certificate's
     * first bytes hold its serial number and issuer) before the rest is read.
     */
    public record FileStart(int size, byte[] first) {
        public FileStart {
            first = first.clone();
        }

        @Override
        public byte[] first() {
            return first.clone();
        }
    }

    /** SELECT and the first READ BINARY of a file, or empty if the card has no such file (6A82). */
    public static Optional<FileStart> start(CardTransport card, byte[] path, int maxRead) throws TransportException, EidException {
        ResponseApdu select = card.transmit(IsoCommands.selectPathWithFcp(path, IsoCommands.WHOLE_ANSWER));
        if (select.sw() == 0x6A82) {
            return Optional.empty();
        }
        if (!select.isSuccess()) {
            throw CardErrors.unexpected("select file " + Hex.plain(path), select.statusWord());
        }
        OptionalInt announced = fcpSize(select.data(), path);
        if (announced.isPresent() && announced.getAsInt() == 0) {
            return Optional.of(new FileStart(0, new byte[0]));
        }
        byte[] first = readAt(card, path, 0, maxRead);
        int size = announced.isPresent() ? announced.getAsInt() : derSize(first, path);
        return Optional.of(new FileStart(size, java.util.Arrays.copyOf(first, Math.min(first.length, size))));
    }

    /** The whole file whose start was read: READ BINARY from each offset after it until the size is reached. */
    public static byte[] rest(CardTransport card, byte[] path, FileStart start, int maxRead) throws TransportException, EidException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(start.first());
        while (out.size() < start.size()) {
            int offset = out.size();
            byte[] data = readAt(card, path, offset, maxRead);
            out.write(data, 0, Math.min(data.length, start.size() - offset));
        }
        return out.toByteArray();
    }

    private static byte[] readAt(CardTransport card, byte[] path, int offset, int maxRead) throws TransportException, EidException {
        ResponseApdu r = card.transmit(IsoCommands.readBinary(offset, maxRead));
        if ((!r.isSuccess() && r.sw() != 0x6282) || r.dataLength() == 0) {
            throw CardErrors.unexpected("read file " + Hex.plain(path) + " at offset " + offset, r.statusWord());
        }
        return r.data();
    }

    /** The size FCP tag 81 (or 80) gives, or empty if the FCP names none. */
    private static OptionalInt fcpSize(byte[] fcp, byte[] path) throws EidException {
        Optional<Tlv> size;
        try {
            Tlv template = BerTlv.parse(fcp);
            size = template.tag() == 0x62 ? template.find(0x81).or(() -> template.find(0x80)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
        if (size.isEmpty()) {
            return OptionalInt.empty();
        }
        if (size.get().length() >= 1 && size.get().length() <= 3) {
            int n = 0;
            for (byte b : size.get().value()) {
                n = (n << 8) | (b & 0xFF);
            }
            if (n <= MAX_FILE) {
                return OptionalInt.of(n);
            }
        }
        throw new CardAccessException(CardAccessException.Reason.CARD_ERROR,
                "The card described file " + Hex.plain(path) + " with an FCP that has no usable size.");
    }

    /** Tag, length and content of the DER object the file starts with (X.690 §8.1). */
    private static int derSize(byte[] start, byte[] path) throws EidException {
        int pos = 1;
        if (start.length > 1 && (start[0] & 0x1F) == 0x1F) {
            while (pos < start.length && (start[pos] & 0x80) != 0) {
                pos++;
            }
            pos++;
        }
        if (pos < start.length) {
            int first = start[pos++] & 0xFF;
            int length = first;
            boolean valid = first != 0x80;
            if (first > 0x80) {
                int octets = first & 0x7F;
                valid = octets <= 2 && pos + octets <= start.length;
                length = 0;
                for (int i = 0; valid && i < octets; i++) {
                    length = (length << 8) | (start[pos++] & 0xFF);
                }
            }
            if (valid && pos + length <= MAX_FILE) {
                return pos + length;
            }
        }
        throw new CardAccessException(CardAccessException.Reason.CARD_ERROR,
                "The card's file " + Hex.plain(path) + " has neither a size in its FCP nor a DER header.");
    }
}

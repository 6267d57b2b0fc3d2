package io.github.eid4j.apdu.tlv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes BER-TLV from one byte array that the caller no longer changes. The objects it returns
 * share that array instead of copying each value, so that parsing a nested answer of n bytes
 * costs O(n) memory rather than O(n × depth).
 *
 * <p>Every length is checked against the bytes that remain in the enclosing scope (the input,
 * or the value of the enclosing constructed object) before anything is allocated, so hostile
 * input can make the parser throw {@link TlvFormatException} but never allocate more than the
 * input's size or fail with an unchecked exception of another kind. Recursion is bounded by
 * {@link BerTlv#MAX_DEPTH}.
 */
final class TlvParser {
    private final byte[] in;
    private final boolean skipPadding;

    TlvParser(byte[] in, boolean skipPadding) {
        this.in = in;
        this.skipPadding = skipPadding;
    }

    /** The top-level objects in {@code in[from..to)}. */
    List<Tlv> topLevel(int from, int to) {
        return sequence(from, new Scope(to, 1, 0, -1));
    }

    /**
     * The children in a value that is already known to belong to a constructed tag, as for
     * {@link Tlv#of(int, byte[])}; offsets in errors are then offsets in that value.
     */
    List<Tlv> childrenOf(int tag) {
        return sequence(0, new Scope(in.length, 2, tag, -1));
    }

    /** One object at {@code start}, which must not be padding. */
    Tlv single(int start, int to) {
        return object(start, new Scope(to, 1, 0, -1));
    }

    /** The first position at or after {@code pos} that is not padding, if padding is skipped. */
    int skipPadding(int pos, int to) {
        if (skipPadding) {
            while (pos < to && isPadding(in[pos])) {
                pos++;
            }
        }
        return pos;
    }

    private static boolean isPadding(byte b) {
        return b == 0x00 || b == (byte) 0xFF;
    }

    private List<Tlv> sequence(int from, Scope scope) {
        List<Tlv> objects = new ArrayList<>();
        int pos = skipPadding(from, scope.end);
        while (pos < scope.end) {
            Tlv object = object(pos, scope);
            objects.add(object);
            pos = skipPadding(object.valueEnd(), scope.end);
        }
        return objects.isEmpty() ? List.of() : Collections.unmodifiableList(objects);
    }

    private Tlv object(int start, Scope scope) {
        int first = in[start] & 0xFF;
        if (first == 0x00 || first == 0xFF) {
            throw new TlvFormatException(String.format("Byte %02X at offset %d cannot start a tag, because 00 and FF"
                    + " are padding; parse with Padding.SKIP if the card pads between objects.", first, start), start);
        }
        int tag = first;
        int pos = start + 1;
        if ((first & 0x1F) == 0x1F) {
            int count = 1;
            int b;
            do {
                if (count == Tags.MAX_BYTES) {
                    throw new TlvFormatException("The tag at offset " + start + " (" + hexRun(start, count)
                            + " …) is longer than the " + Tags.MAX_BYTES + " bytes this parser accepts.", start);
                }
                if (pos >= scope.end) {
                    throw new TlvFormatException("The tag at offset " + start + " is cut off after "
                            + hexRun(start, count) + ", which announces another tag byte, but "
                            + scope.where() + " ends.", start);
                }
                b = in[pos] & 0xFF;
                if (count == 1 && b == 0x80) {
                    throw new TlvFormatException("The tag at offset " + start + " is not minimally encoded: after "
                            + hexRun(start, 1) + " its first subsequent byte is 80.", start);
                }
                tag = (tag << 8) | b;
                pos++;
                count++;
            } while ((b & 0x80) != 0);
        }
        String name = "tag " + Tags.toHex(tag) + " at offset " + start;
        if (scope.depth > BerTlv.MAX_DEPTH) {
            throw new TlvFormatException(capitalized(name) + " is nested " + scope.depth
                    + " levels deep; at most " + BerTlv.MAX_DEPTH + " levels are allowed.", start);
        }
        if (pos >= scope.end) {
            throw new TlvFormatException(capitalized(name) + " has no length, because " + scope.where()
                    + " ends after the tag.", start);
        }
        int lengthByte = in[pos++] & 0xFF;
        long length;
        if (lengthByte < 0x80) {
            length = lengthByte;
        } else if (lengthByte == 0x80) {
            throw new TlvFormatException(capitalized(name) + " has the indefinite length 80, which BER-TLV on"
                    + " smart cards (ISO 7816-4) does not allow.", start);
        } else if (lengthByte > 0x84) {
            throw new TlvFormatException(String.format("%s has the length byte %02X, which announces %d length bytes;"
                    + " at most 4 (84) are allowed.", capitalized(name), lengthByte, lengthByte & 0x7F), start);
        } else {
            int count = lengthByte & 0x7F;
            int available = scope.end - pos;
            if (available < count) {
                throw new TlvFormatException(String.format("The length of %s needs %s after %02X, but only %s in %s.",
                        name, bytes(count), lengthByte, remain(available), scope.where()), start);
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (in[pos++] & 0xFF);
            }
        }
        // Compared as a long so that 84 FF FF FF FF is a clear error, not a negative int.
        int available = scope.end - pos;
        if (length > available) {
            throw new TlvFormatException("The length of " + name + " says " + bytes(length) + ", but only "
                    + remain(available) + scope.suffix() + ".", start);
        }
        int valueLength = (int) length;
        if (!Tags.isConstructed(tag)) {
            return new Tlv(tag, in, pos, valueLength, List.of());
        }
        // Parsing the children now, not when asked, means a malformed template is rejected
        // where it was received rather than later by whoever first looks inside it.
        List<Tlv> children = sequence(pos, new Scope(pos + valueLength, scope.depth + 1, tag, start));
        return new Tlv(tag, in, pos, valueLength, children);
    }

    private String hexRun(int from, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", in[from + i] & 0xFF));
        }
        return sb.toString();
    }

    private static String bytes(long count) {
        return count + (count == 1 ? " byte" : " bytes");
    }

    private static String remain(int count) {
        return count + (count == 1 ? " remains" : " remain");
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * Where objects are being read: the end of the scope, how deep its objects are (top level
     * is 1) and, for error messages, the constructed object whose value it is.
     */
    private record Scope(int end, int depth, int parentTag, int parentOffset) {
        /** "the input" or "the value of tag A0 at offset 0". */
        String where() {
            if (depth == 1) {
                return "the input";
            }
            return "the value of tag " + Tags.toHex(parentTag) + (parentOffset >= 0 ? " at offset " + parentOffset : "");
        }

        /** Nothing at top level, so that the common message stays short. */
        String suffix() {
            return depth == 1 ? "" : " in " + where();
        }
    }
}

package io.github.eid4j.apdu.tlv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable BER-TLV data object: a tag and its value bytes. For a constructed tag the value
 * is a sequence of objects, available as {@link #children()}; they are parsed and validated when
 * the object is created, so a {@code Tlv} with a constructed tag always has well-formed content.
 *
 * <p>Two objects are equal when their tags and value bytes are equal. The value is kept as
 * received, so a parsed template whose children use non-minimal lengths keeps those bytes (a
 * signature or MAC over them still verifies); only this object's own length field is written
 * minimally by {@link #encoded()}.
 *
 * <p>{@link #toString()} shows the tag and lengths but never the value, which may be a PIN,
 * a key or personal data.
 */
public final class Tlv {
    private final int tag;
    // Shared with the parser's copy of the input and with sibling objects; never handed out.
    private final byte[] bytes;
    private final int valueOffset;
    private final int valueLength;
    private final List<Tlv> children;
    private final int height;

    Tlv(int tag, byte[] bytes, int valueOffset, int valueLength, List<Tlv> children) {
        this.tag = tag;
        this.bytes = bytes;
        this.valueOffset = valueOffset;
        this.valueLength = valueLength;
        this.children = children;
        int tallest = 0;
        for (Tlv child : children) {
            tallest = Math.max(tallest, child.height);
        }
        this.height = 1 + tallest;
    }

    /**
     * A primitive object.
     *
     * @throws TlvFormatException if the tag is invalid or constructed, or the value is too long
     *     to encode
     */
    public static Tlv primitive(int tag, byte[] value) {
        Tags.requireValid(tag);
        Objects.requireNonNull(value, "value");
        if (Tags.isConstructed(tag)) {
            throw new TlvFormatException("Tag " + Tags.toHex(tag)
                    + " is constructed, so its value must be built from children with Tlv.constructed or Tlv.of.");
        }
        BerHeader.requireEncodable(tag, value.length);
        return new Tlv(tag, value.clone(), 0, value.length, List.of());
    }

    /**
     * A constructed object whose value is the encoding of {@code children}, in order.
     *
     * @throws TlvFormatException if the tag is invalid or primitive, the result would nest more
     *     than {@link BerTlv#MAX_DEPTH} levels, or it would be too long to encode
     */
    public static Tlv constructed(int tag, Tlv... children) {
        return constructed(tag, Arrays.asList(children));
    }

    /** As {@link #constructed(int, Tlv...)}. */
    public static Tlv constructed(int tag, List<Tlv> children) {
        Tags.requireValid(tag);
        if (!Tags.isConstructed(tag)) {
            throw new TlvFormatException("Tag " + Tags.toHex(tag)
                    + " is primitive, so it cannot hold children; build it with Tlv.primitive.");
        }
        List<Tlv> kept = List.copyOf(children);
        long total = 0;
        int tallest = 0;
        for (Tlv child : kept) {
            total += child.encodedLength();
            tallest = Math.max(tallest, child.height);
        }
        // The same bound as the parser's, so that whatever is built here can be parsed back.
        if (tallest + 1 > BerTlv.MAX_DEPTH) {
            throw new TlvFormatException("Tag " + Tags.toHex(tag) + " with these children would nest "
                    + (tallest + 1) + " levels deep; at most " + BerTlv.MAX_DEPTH + " levels are allowed.");
        }
        BerHeader.requireEncodable(tag, total);
        byte[] value = new byte[(int) total];
        int pos = 0;
        for (Tlv child : kept) {
            pos = child.encodeInto(value, pos);
        }
        return new Tlv(tag, value, 0, value.length, kept);
    }

    /**
     * An object of any tag from its value bytes, e.g. a template read from a file. For a
     * constructed tag the value is parsed strictly, without padding; offsets in errors are then
     * offsets in {@code value}.
     *
     * @throws TlvFormatException if the tag is invalid or a constructed value is not a sequence
     *     of well-formed objects
     */
    public static Tlv of(int tag, byte[] value) {
        Tags.requireValid(tag);
        Objects.requireNonNull(value, "value");
        if (!Tags.isConstructed(tag)) {
            return primitive(tag, value);
        }
        BerHeader.requireEncodable(tag, value.length);
        byte[] copy = value.clone();
        return new Tlv(tag, copy, 0, copy.length, new TlvParser(copy, false).childrenOf(tag));
    }

    public int tag() {
        return tag;
    }

    public TagClass tagClass() {
        return Tags.tagClass(tag);
    }

    public boolean isConstructed() {
        return Tags.isConstructed(tag);
    }

    /** The number of value bytes, which is what the length field says. */
    public int length() {
        return valueLength;
    }

    /** A copy of the value bytes; for a constructed object, the encoding of its children. */
    public byte[] value() {
        return Arrays.copyOfRange(bytes, valueOffset, valueOffset + valueLength);
    }

    /** The objects in a constructed value, in order; empty for a primitive object. */
    public List<Tlv> children() {
        return children;
    }

    /** The first direct child with this tag. */
    public Optional<Tlv> find(int childTag) {
        return Optional.ofNullable(first(children, childTag));
    }

    /** All direct children with this tag, in order. */
    public List<Tlv> findAll(int childTag) {
        List<Tlv> found = new ArrayList<>();
        for (Tlv child : children) {
            if (child.tag == childTag) {
                found.add(child);
            }
        }
        return List.copyOf(found);
    }

    /**
     * The object reached by following {@code path} down from this object's children, taking the
     * first child with each tag: {@code findPath(0xA5, 0x83)} finds 83 inside A5 inside this.
     *
     * @throws IllegalArgumentException if the path is empty
     */
    public Optional<Tlv> findPath(int... path) {
        return findPath(children, path);
    }

    /**
     * As {@link #findPath(int...)}, starting from a sequence of objects such as
     * {@link BerTlv#parseAll(byte[])} returns: {@code findPath(objects, 0xA0, 0xDF21)}.
     *
     * @throws IllegalArgumentException if the path is empty
     */
    public static Optional<Tlv> findPath(List<Tlv> objects, int... path) {
        if (path.length == 0) {
            throw new IllegalArgumentException("A tag path needs at least one tag.");
        }
        List<Tlv> level = objects;
        Tlv found = null;
        for (int step : path) {
            found = first(level, step);
            if (found == null) {
                return Optional.empty();
            }
            level = found.children;
        }
        return Optional.of(found);
    }

    private static Tlv first(List<Tlv> objects, int wanted) {
        for (Tlv object : objects) {
            if (object.tag == wanted) {
                return object;
            }
        }
        return null;
    }

    /** Tag, minimal length field and value. */
    public byte[] encoded() {
        byte[] out = new byte[encodedLength()];
        encodeInto(out, 0);
        return out;
    }

    int encodedLength() {
        return BerHeader.size(tag, valueLength) + valueLength;
    }

    int encodeInto(byte[] dst, int pos) {
        int at = BerHeader.write(tag, valueLength, dst, pos);
        System.arraycopy(bytes, valueOffset, dst, at, valueLength);
        return at + valueLength;
    }

    /** The offset in the parser's input just after this object, where the next one starts. */
    int valueEnd() {
        return valueOffset + valueLength;
    }

    /** Levels of objects in this tree: 1 for a primitive or an empty template. */
    int height() {
        return height;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv t && tag == t.tag && Arrays.equals(bytes, valueOffset, valueOffset + valueLength,
                t.bytes, t.valueOffset, t.valueOffset + t.valueLength);
    }

    @Override
    public int hashCode() {
        int h = tag;
        for (int i = valueOffset; i < valueOffset + valueLength; i++) {
            h = 31 * h + bytes[i];
        }
        return h;
    }

    /** "5F20 (12 bytes)" or "A0 (35 bytes, 7 children)"; never the value. */
    @Override
    public String toString() {
        String size = valueLength + (valueLength == 1 ? " byte" : " bytes");
        if (!isConstructed()) {
            return Tags.toHex(tag) + " (" + size + ")";
        }
        return Tags.toHex(tag) + " (" + size + ", " + children.size() + (children.size() == 1 ? " child)" : " children)");
    }
}

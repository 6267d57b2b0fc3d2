package io.github.eid4j.apdu.tlv;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds the encoding of a sequence of objects, with nested templates written as lambdas so
 * that every template is closed and its length is known when it is written:
 *
 * <pre>{@code
 * byte[] fcp = new TlvWriter()
 *         .constructed(0x62, w -> w.primitive(0x83, new byte[] {0x3F, 0x00})
 *                                  .primitive(0x82, new byte[] {0x38}))
 *         .toByteArray();
 * }</pre>
 *
 * <p>Lengths are always minimal. The writer enforces the parser's limits (valid tags, the
 * constructed bit matching the method, at most {@link BerTlv#MAX_DEPTH} levels), so its output
 * always parses back.
 */
public final class TlvWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    // How many templates enclose what this writer writes: 0 for the top level.
    private final int enclosingLevels;

    public TlvWriter() {
        this(0);
    }

    private TlvWriter(int enclosingLevels) {
        this.enclosingLevels = enclosingLevels;
    }

    /**
     * @throws TlvFormatException if the tag is invalid or constructed
     */
    public TlvWriter primitive(int tag, byte[] value) {
        Tags.requireValid(tag);
        Objects.requireNonNull(value, "value");
        if (Tags.isConstructed(tag)) {
            throw new TlvFormatException("Tag " + Tags.toHex(tag)
                    + " is constructed, so write it with constructed(tag, content).");
        }
        requireDepth(tag, 1);
        return write(tag, value);
    }

    /**
     * Writes a template whose value is what {@code content} writes to the writer it is given.
     *
     * @throws TlvFormatException if the tag is invalid or primitive, or the nesting gets too deep
     */
    public TlvWriter constructed(int tag, Consumer<TlvWriter> content) {
        Tags.requireValid(tag);
        Objects.requireNonNull(content, "content");
        if (!Tags.isConstructed(tag)) {
            throw new TlvFormatException("Tag " + Tags.toHex(tag)
                    + " is primitive, so write it with primitive(tag, value).");
        }
        requireDepth(tag, 1);
        TlvWriter inner = new TlvWriter(enclosingLevels + 1);
        content.accept(inner);
        return write(tag, inner.toByteArray());
    }

    /** Writes an object built or parsed elsewhere. */
    public TlvWriter add(Tlv object) {
        requireDepth(object.tag(), object.height());
        return write(object.tag(), object.value());
    }

    /** Writes each object in order. */
    public TlvWriter addAll(Iterable<Tlv> objects) {
        for (Tlv object : objects) {
            add(object);
        }
        return this;
    }

    /** The number of bytes written so far. */
    public int size() {
        return out.size();
    }

    /** The bytes written so far; the writer can be used further. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void requireDepth(int tag, int height) {
        int levels = enclosingLevels + height;
        if (levels > BerTlv.MAX_DEPTH) {
            throw new TlvFormatException("Tag " + Tags.toHex(tag) + " here would nest " + levels
                    + " levels deep; at most " + BerTlv.MAX_DEPTH + " levels are allowed.");
        }
    }

    private TlvWriter write(int tag, byte[] value) {
        BerHeader.requireEncodable(tag, (long) out.size() + value.length);
        out.writeBytes(BerHeader.encode(tag, value.length));
        out.writeBytes(value);
        return this;
    }
}

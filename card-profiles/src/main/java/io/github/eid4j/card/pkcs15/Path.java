package io.github.eid4j.card.pkcs15;

import io.github.eid4j.apdu.Hex;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

/**
 * A PKCS#15 file reference:
 * <pre>
 * Path ::= SEQUENCE {
 *     efidOrPath OCTET STRING,
 *     index      INTEGER (0..pkcs15-ub-index) OPTIONAL,
 *     length     [0] INTEGER (0..pkcs15-lb-length) OPTIONAL
 * } -- index and length are both present or both absent
 * </pre>
 * {@code length} is implicitly tagged ({@code 80}), as the PKCS#15 module's IMPLICIT TAGS default
 * makes it and as OpenSC's {@code c_asn1_path} (asn1.c) reads it. The path is either a 2-byte
 * file identifier relative to the application, or a path of file identifiers, absolute when it
 * starts with 3F00.
 *
 * <p>Index and length select a part of a transparent file (several objects sharing one EF).
 * They are kept only when both are present: the standard allows nothing else, and OpenSC
 * ({@code asn1_decode_path}) ignores a lone one too, so a lone one is dropped on decoding
 * rather than rejected.
 */
public final class Path {
    private final byte[] efidOrPath;
    private final OptionalInt index;
    private final OptionalInt length;

    private Path(byte[] efidOrPath, OptionalInt index, OptionalInt length) {
        this.efidOrPath = efidOrPath;
        this.index = index;
        this.length = length;
    }

    /** A whole file, for example {@code Path.of(new byte[] {0x3F, 0x00, 0x50, 0x15})}. */
    public static Path of(byte[] efidOrPath) {
        return new Path(checked(efidOrPath.clone()), OptionalInt.empty(), OptionalInt.empty());
    }

    /** A whole file, for example {@code Path.ofHex("3F00 5015 4401")}. */
    public static Path ofHex(String hex) {
        return new Path(checked(Hex.decode(hex)), OptionalInt.empty(), OptionalInt.empty());
    }

    /** The {@code length} bytes of this file that start at offset {@code index}. */
    public Path withRange(int index, int length) {
        if (index < 0 || length < 0) {
            throw new IllegalArgumentException("A path's index and length cannot be negative (" + index
                    + ", " + length + ").");
        }
        return new Path(efidOrPath, OptionalInt.of(index), OptionalInt.of(length));
    }

    private static byte[] checked(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("A path needs at least one byte.");
        }
        return bytes;
    }

    public byte[] efidOrPath() {
        return efidOrPath.clone();
    }

    public OptionalInt index() {
        return index;
    }

    public OptionalInt length() {
        return length;
    }

    ASN1Primitive toAsn1() {
        ASN1EncodableVector fields = new ASN1EncodableVector(3);
        fields.add(new DEROctetString(efidOrPath));
        if (index.isPresent()) {
            fields.add(new ASN1Integer(index.getAsInt()));
            fields.add(new DERTaggedObject(false, 0, new ASN1Integer(length.getAsInt())));
        }
        return new DERSequence(fields);
    }

    static Path fromAsn1(ASN1Primitive object, String what) {
        Fields fields = Fields.of(object, what);
        byte[] bytes = fields.octets("efidOrPath");
        if (bytes.length == 0) {
            throw new Pkcs15FormatException("The " + what + " has an empty efidOrPath.");
        }
        OptionalInt index = fields.optionalInteger("index of the " + what);
        OptionalInt length = OptionalInt.empty();
        ASN1TaggedObject lengthTag = fields.optionalContext(0).orElse(null);
        if (lengthTag != null) {
            length = OptionalInt.of(Fields.implicitInteger(lengthTag, "length of the " + what));
        }
        if (index.orElse(0) < 0 || length.orElse(0) < 0) {
            throw new Pkcs15FormatException("The " + what + " has a negative index or length.");
        }
        if (index.isPresent() != length.isPresent()) {
            return new Path(bytes, OptionalInt.empty(), OptionalInt.empty());
        }
        return new Path(bytes, index, length);
    }

    /** The DER encoding of this Path on its own, as it appears inside other structures. */
    public byte[] encode() {
        return Der.encode(toAsn1());
    }

    public static Path decode(byte[] encoded) {
        return Der.decodeOne(encoded, "Path", Path::fromAsn1);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Path)) {
            return false;
        }
        Path other = (Path) o;
        return Arrays.equals(efidOrPath, other.efidOrPath) && index.equals(other.index)
                && length.equals(other.length);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(efidOrPath), index, length);
    }

    @Override
    public String toString() {
        String text = Hex.plain(efidOrPath);
        if (index.isPresent()) {
            text += "[" + index.getAsInt() + "+" + length.getAsInt() + "]";
        }
        return text;
    }
}

package io.github.eid4j.card.pkcs15;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERTaggedObject;

/**
 * EF.OD, the object directory file: where the card keeps each directory file. The file is a
 * plain concatenation of {@code PKCS15Objects} CHOICE values, one per directory file:
 * <pre>
 * PKCS15Objects ::= CHOICE {
 *     privateKeys [0] PrivateKeys, publicKeys [1] PublicKeys, ..., authObjects [8] AuthObjects }
 * PrivateKeys ::= PathOrObjects {PrivateKeyType}   -- and so on for each kind
 * PathOrObjects {ObjectType} ::= CHOICE { path Path, objects [0] SEQUENCE OF ObjectType, ... }
 * </pre>
 * Because {@code PathOrObjects} is a CHOICE, its [n] tag is explicit (X.680 §31.2.7), so an entry
 * is {@code A0 len 30 len 04 len path}: a constructed context tag holding a whole Path SEQUENCE.
 * OpenSC reads exactly that: {@code c_asn1_odf} has {@code SC_ASN1_CTX | n | SC_ASN1_CONS}
 * entries whose content is a {@code SC_ASN1_PATH} SEQUENCE ({@code parse_odf}, pkcs15.c).
 *
 * <p>Only the {@code path} alternative is supported: cards keep their directory files in EFs,
 * and OpenSC supports nothing else either.
 */
public final class Odf {
    /** One entry: a directory file of some kind, and where it is. */
    public record Entry(DirectoryKind kind, Path path) {
        public Entry {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(path, "path");
        }
    }

    private final List<Entry> entries;

    private Odf(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Odf of(List<Entry> entries) {
        return new Odf(entries);
    }

    public static Odf of(Entry... entries) {
        return new Odf(List.of(entries));
    }

    /** The entries in file order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The first directory file of a kind; a card may have several, see {@link #paths}. */
    public Optional<Path> path(DirectoryKind kind) {
        return entries.stream().filter(entry -> entry.kind() == kind).map(Entry::path).findFirst();
    }

    public List<Path> paths(DirectoryKind kind) {
        return entries.stream().filter(entry -> entry.kind() == kind).map(Entry::path).toList();
    }

    public byte[] encode() {
        List<byte[]> parts = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            parts.add(Der.encode(new DERTaggedObject(true, entry.kind().tag(), entry.path().toAsn1())));
        }
        return Der.concatenate(parts);
    }

    /** The content of EF.OD, which may be padded with 00 or FF. */
    public static Odf decode(byte[] efOd) {
        return new Odf(Der.decodeAll(efOd, "ODF entry", Odf::entryFromAsn1));
    }

    private static Entry entryFromAsn1(ASN1Primitive object, String entry) {
        if (!(object instanceof ASN1TaggedObject)
                || ((ASN1TaggedObject) object).getTagClass() != BERTags.CONTEXT_SPECIFIC) {
            throw new Pkcs15FormatException("The " + entry + " is not a context-tagged choice [0] to [8].");
        }
        ASN1TaggedObject tagged = (ASN1TaggedObject) object;
        DirectoryKind kind = DirectoryKind.ofTag(tagged.getTagNo());
        if (kind == null) {
            throw new Pkcs15FormatException("The " + entry + " has the unknown tag [" + tagged.getTagNo() + "].");
        }
        String what = entry + " for " + kind;
        ASN1Primitive base = Fields.explicitBase(tagged, what);
        if (!(base instanceof ASN1Sequence)) {
            throw new Pkcs15FormatException("The " + what + " holds " + Fields.describe(base)
                    + " instead of a Path; only path references are supported.");
        }
        return new Entry(kind, Path.fromAsn1(base, what));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Odf && entries.equals(((Odf) o).entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "Odf" + entries;
    }
}

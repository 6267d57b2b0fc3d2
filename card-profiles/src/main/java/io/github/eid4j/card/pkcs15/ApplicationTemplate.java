package io.github.eid4j.card.pkcs15;

import io.github.eid4j.apdu.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

/**
 * One record of EF.DIR (3F00/2F00), the ISO/IEC 7816-4 application template that tells a host
 * which applications a card has and where they are:
 * <pre>
 * 61 application template
 *    4F application identifier (AID), 1 to 16 bytes
 *    50 application label, optional (UTF-8, as OpenSC reads it)
 *    51 path of the application DF, optional
 * </pre>
 * The tags are APPLICATION class and implicit, as OpenSC's {@code c_asn1_dir} and
 * {@code c_asn1_dirrecord} (dir.c) have them. An ISO/IEC 7816-4 template is read by tag, so the
 * decoder accepts the children in any order and skips the others it may hold (52 command to
 * perform, 53 discretionary data, 73 discretionary template).
 */
public final class ApplicationTemplate {
    /** The PKCS#15 application's AID, A0 00 00 00 63 "PKCS-15", which FINEID cards use too. */
    public static final byte[] PKCS15_AID = Hex.decode("A0 00 00 00 63 50 4B 43 53 2D 31 35");

    private static final int TEMPLATE = 0x01;
    private static final int AID = 0x0F;
    private static final int LABEL = 0x10;
    private static final int PATH = 0x11;
    private static final int MAX_AID_LENGTH = 16;

    private final byte[] aid;
    private final Optional<String> label;
    private final byte[] path;

    private ApplicationTemplate(byte[] aid, Optional<String> label, byte[] path) {
        this.aid = aid;
        this.label = label;
        this.path = path;
    }

    /**
     * @param path the application DF's path (for example 3F00 5015), or null to let the host
     *     select the application by its AID
     */
    public static ApplicationTemplate of(byte[] aid, String label, byte[] path) {
        if (aid.length == 0 || aid.length > MAX_AID_LENGTH) {
            throw new IllegalArgumentException("An AID has 1 to " + MAX_AID_LENGTH + " bytes, not "
                    + aid.length + ".");
        }
        return new ApplicationTemplate(aid.clone(), Optional.ofNullable(label),
                path == null ? null : path.clone());
    }

    public byte[] aid() {
        return aid.clone();
    }

    public Optional<String> label() {
        return label;
    }

    public Optional<byte[]> path() {
        return Optional.ofNullable(path).map(byte[]::clone);
    }

    ASN1Primitive toAsn1() {
        ASN1EncodableVector children = new ASN1EncodableVector(3);
        children.add(new DERTaggedObject(false, BERTags.APPLICATION, AID, new DEROctetString(aid)));
        label.ifPresent(text -> children.add(new DERTaggedObject(false, BERTags.APPLICATION, LABEL,
                new DEROctetString(text.getBytes(StandardCharsets.UTF_8)))));
        if (path != null) {
            children.add(new DERTaggedObject(false, BERTags.APPLICATION, PATH, new DEROctetString(path)));
        }
        return new DERTaggedObject(false, BERTags.APPLICATION, TEMPLATE, new DERSequence(children));
    }

    public byte[] encode() {
        return Der.encode(toAsn1());
    }

    /** The content of a transparent EF.DIR holding these records one after the other. */
    public static byte[] encodeAll(List<ApplicationTemplate> templates) {
        List<byte[]> parts = new ArrayList<>(templates.size());
        templates.forEach(template -> parts.add(template.encode()));
        return Der.concatenate(parts);
    }

    /** One record, as READ RECORD returns it from a record-structured EF.DIR. */
    public static ApplicationTemplate decode(byte[] encoded) {
        return Der.decodeOne(encoded, "EF.DIR record", ApplicationTemplate::fromAsn1);
    }

    /** Every record of a transparent EF.DIR, skipping 00/FF padding between and after them. */
    public static List<ApplicationTemplate> decodeAll(byte[] efDir) {
        return Der.decodeAll(efDir, "EF.DIR record", ApplicationTemplate::fromAsn1);
    }

    static ApplicationTemplate fromAsn1(ASN1Primitive object, String what) {
        if (!(object instanceof ASN1TaggedObject)
                || !((ASN1TaggedObject) object).hasTag(BERTags.APPLICATION, TEMPLATE)) {
            throw new Pkcs15FormatException("The " + what + " is not an application template (tag 61).");
        }
        ASN1Sequence children = ASN1Sequence.getInstance(
                ((ASN1TaggedObject) object).getBaseUniversal(false, BERTags.SEQUENCE));
        byte[] aid = null;
        String label = null;
        byte[] path = null;
        for (ASN1Encodable child : children) {
            if (!(child instanceof ASN1TaggedObject)) {
                continue;
            }
            ASN1TaggedObject tagged = (ASN1TaggedObject) child;
            if (tagged.getTagClass() != BERTags.APPLICATION) {
                continue;
            }
            if (tagged.getTagNo() == AID && aid == null) {
                aid = Fields.implicitOctets(tagged);
            } else if (tagged.getTagNo() == LABEL && label == null) {
                label = Fields.utf8(Fields.implicitOctets(tagged));
            } else if (tagged.getTagNo() == PATH && path == null) {
                path = Fields.implicitOctets(tagged);
            }
        }
        if (aid == null) {
            throw new Pkcs15FormatException("The " + what + " has no AID (tag 4F).");
        }
        if (aid.length == 0 || aid.length > MAX_AID_LENGTH) {
            throw new Pkcs15FormatException("The " + what + " has an AID of " + aid.length
                    + " bytes, where 1 to " + MAX_AID_LENGTH + " are allowed.");
        }
        return new ApplicationTemplate(aid, Optional.ofNullable(label), path);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ApplicationTemplate)) {
            return false;
        }
        ApplicationTemplate other = (ApplicationTemplate) o;
        return Arrays.equals(aid, other.aid) && label.equals(other.label) && Arrays.equals(path, other.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(aid), label, Arrays.hashCode(path));
    }

    @Override
    public String toString() {
        return "ApplicationTemplate[aid=" + Hex.plain(aid) + ", label=" + label.orElse("-") + ", path="
                + (path == null ? "-" : Hex.plain(path)) + "]";
    }
}

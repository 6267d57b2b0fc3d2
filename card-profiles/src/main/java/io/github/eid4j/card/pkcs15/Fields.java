package io.github.eid4j.card.pkcs15;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.BERTags;

/**
 * Reads the components of one SEQUENCE in order, as the ASN.1 definitions list them: each
 * OPTIONAL component is taken only if the next element has its tag, and components the model
 * does not know are left unread at the end.
 *
 * <p>Why unread trailing components are accepted: every PKCS#15 type ends with an extension
 * marker ("...") and ISO/IEC 7816-15 added components after the PKCS#15 v1.1 ones, so a reader
 * must skip what it does not know. OpenSC's {@code asn1_decode} does the same.
 */
final class Fields {
    private final ASN1Encodable[] elements;
    private final String what;
    private int next;

    private Fields(ASN1Encodable[] elements, String what) {
        this.elements = elements;
        this.what = what;
    }

    static Fields of(ASN1Primitive object, String what) {
        if (!(object instanceof ASN1Sequence)) {
            throw new Pkcs15FormatException("The " + what + " is not a SEQUENCE.");
        }
        return new Fields(((ASN1Sequence) object).toArray(), what);
    }

    /** The components of an implicitly tagged SEQUENCE, such as the EC key's [0] or EF.DIR's 61. */
    static Fields ofImplicit(ASN1TaggedObject tagged, String what) {
        return of(tagged.getBaseUniversal(false, BERTags.SEQUENCE), what);
    }

    /** The SEQUENCE inside an explicit tag, such as typeAttributes [1] or an ODF entry. */
    static Fields ofExplicit(ASN1TaggedObject tagged, String what) {
        return of(explicitBase(tagged, what), what);
    }

    static ASN1Primitive explicitBase(ASN1TaggedObject tagged, String what) {
        if (!tagged.isExplicit()) {
            throw new Pkcs15FormatException("The " + what + " is not wrapped in an explicit tag.");
        }
        return tagged.getExplicitBaseObject().toASN1Primitive();
    }

    String what() {
        return what;
    }

    boolean hasNext() {
        return next < elements.length;
    }

    private ASN1Primitive peek() {
        return hasNext() ? elements[next].toASN1Primitive() : null;
    }

    private <T> T take(Class<T> type, String field) {
        ASN1Primitive element = peek();
        if (element == null) {
            throw new Pkcs15FormatException("The " + what + " ends before its " + field + ".");
        }
        if (!type.isInstance(element)) {
            throw new Pkcs15FormatException("The " + what + " has " + describe(element)
                    + " where its " + field + " should be.");
        }
        next++;
        return type.cast(element);
    }

    private <T> Optional<T> maybe(Class<T> type) {
        ASN1Primitive element = peek();
        if (type.isInstance(element)) {
            next++;
            return Optional.of(type.cast(element));
        }
        return Optional.empty();
    }

    /** Passes over an OPTIONAL component the model does not keep, if it is there. */
    void skipOptional(Class<? extends ASN1Primitive> type) {
        maybe(type);
    }

    ASN1Sequence sequence(String field) {
        return take(ASN1Sequence.class, field);
    }

    Optional<ASN1Sequence> optionalSequence() {
        return maybe(ASN1Sequence.class);
    }

    byte[] octets(String field) {
        return take(ASN1OctetString.class, field).getOctets();
    }

    Optional<byte[]> optionalOctets() {
        return maybe(ASN1OctetString.class).map(ASN1OctetString::getOctets);
    }

    int integer(String field) {
        return toInt(take(ASN1Integer.class, field).getValue(), field);
    }

    OptionalInt optionalInteger(String field) {
        Optional<ASN1Integer> value = maybe(ASN1Integer.class);
        return value.isPresent() ? OptionalInt.of(toInt(value.get().getValue(), field)) : OptionalInt.empty();
    }

    int enumerated(String field) {
        return toInt(take(ASN1Enumerated.class, field).getValue(), field);
    }

    Optional<Boolean> optionalBoolean() {
        return maybe(ASN1Boolean.class).map(ASN1Boolean::isTrue);
    }

    ASN1BitString bits(String field) {
        return take(ASN1BitString.class, field);
    }

    Optional<ASN1BitString> optionalBits() {
        return maybe(ASN1BitString.class);
    }

    Optional<String> optionalUtf8() {
        return maybe(ASN1UTF8String.class).map(ASN1UTF8String::getString);
    }

    Optional<ASN1TaggedObject> optionalTagged(int tagClass, int tagNo) {
        ASN1Primitive element = peek();
        if (element instanceof ASN1TaggedObject && ((ASN1TaggedObject) element).hasTag(tagClass, tagNo)) {
            next++;
            return Optional.of((ASN1TaggedObject) element);
        }
        return Optional.empty();
    }

    Optional<ASN1TaggedObject> optionalContext(int tagNo) {
        return optionalTagged(BERTags.CONTEXT_SPECIFIC, tagNo);
    }

    ASN1TaggedObject context(int tagNo, String field) {
        return optionalContext(tagNo).orElseThrow(() -> new Pkcs15FormatException("The " + what
                + " has " + (hasNext() ? describe(peek()) : "nothing") + " where its " + field
                + " [" + tagNo + "] should be."));
    }

    /** The value of an implicitly tagged INTEGER such as pinReference [0]. */
    static int implicitInteger(ASN1TaggedObject tagged, String field) {
        return toInt(ASN1Integer.getInstance(tagged.getBaseUniversal(false, BERTags.INTEGER)).getValue(), field);
    }

    static String implicitUtf8(ASN1TaggedObject tagged) {
        return ASN1UTF8String.getInstance(tagged.getBaseUniversal(false, BERTags.UTF8_STRING)).getString();
    }

    static byte[] implicitOctets(ASN1TaggedObject tagged) {
        return ASN1OctetString.getInstance(tagged.getBaseUniversal(false, BERTags.OCTET_STRING)).getOctets();
    }

    /** Label text as UTF-8, for tags whose content is a string but whose type BC cannot infer. */
    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int toInt(BigInteger value, String field) {
        if (value.bitLength() > 31) {
            throw new Pkcs15FormatException("The " + field + " " + value + " is out of range.");
        }
        return value.intValue();
    }

    static String describe(ASN1Primitive element) {
        if (element instanceof ASN1TaggedObject) {
            ASN1TaggedObject tagged = (ASN1TaggedObject) element;
            String tagClass;
            switch (tagged.getTagClass()) {
                case BERTags.CONTEXT_SPECIFIC:
                    tagClass = "";
                    break;
                case BERTags.APPLICATION:
                    tagClass = "APPLICATION ";
                    break;
                case BERTags.PRIVATE:
                    tagClass = "PRIVATE ";
                    break;
                default:
                    tagClass = "UNIVERSAL ";
                    break;
            }
            return "a [" + tagClass + tagged.getTagNo() + "] element";
        }
        String name = element.getClass().getSimpleName().replaceFirst("^(DER|DL|BER|ASN1)", "");
        return "a" + (name.matches("^[AEIO].*") ? "n " : " ") + name;
    }
}

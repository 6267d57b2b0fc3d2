package io.github.eid4j.card.pkcs15;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

/**
 * How a PIN is checked, what the host must send, and where the card keeps it:
 * <pre>
 * PinAttributes ::= SEQUENCE {
 *     pinFlags      PinFlags,
 *     pinType       PinType,                     -- ENUMERATED
 *     minLength     INTEGER,
 *     storedLength  INTEGER,
 *     maxLength     INTEGER OPTIONAL,
 *     pinReference  [0] Reference DEFAULT 0,     -- implicit: 80 len n
 *     padChar       OCTET STRING (SIZE(1)) OPTIONAL,
 *     lastPinChange GeneralizedTime OPTIONAL,    -- skipped when reading
 *     path          Path OPTIONAL,               -- the DF the PIN belongs to
 *     ... }
 * </pre>
 * in the order and with the tags of OpenSC's {@code c_asn1_pin_attr} (pkcs15-pin.c).
 *
 * <p>pinReference is the reference the card's VERIFY command takes (P2). DER leaves a component
 * out when it has its DEFAULT value, so reference 0 is not written; an absent reference reads as
 * 0, as it does in OpenSC. A reference above 127 is a positive INTEGER and so takes two bytes
 * ({@code 80 02 00 81}); the decoder also accepts the one-byte negative form that OpenSC 0.11.4
 * and some proprietary cards wrote, adding 256 as OpenSC does.
 *
 * @param flags the PIN flags
 * @param type how the PIN's characters are encoded
 * @param minLength the fewest characters a PIN may have
 * @param storedLength the length a padded PIN has on the card
 * @param maxLength the most characters a PIN may have
 * @param reference the card's reference for the PIN, the P2 of VERIFY
 * @param padChar the byte a PIN is padded with, 0 to 255
 * @param path the DF the PIN belongs to
 */
public record PinAttributes(Set<PinFlag> flags, PinType type, int minLength, int storedLength,
        OptionalInt maxLength, int reference, OptionalInt padChar, Optional<Path> path) {

    public PinAttributes {
        flags = NamedBits.copy(flags, PinFlag.class);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(maxLength, "maxLength");
        Objects.requireNonNull(padChar, "padChar");
        Objects.requireNonNull(path, "path");
        String problem = problem(minLength, storedLength, maxLength, reference, padChar);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static String problem(int minLength, int storedLength, OptionalInt maxLength, int reference,
            OptionalInt padChar) {
        if (minLength < 0 || storedLength < 0) {
            return "PIN lengths cannot be negative (min " + minLength + ", stored " + storedLength + ").";
        }
        if (maxLength.isPresent() && maxLength.getAsInt() < minLength) {
            return "The PIN's maxLength " + maxLength.getAsInt() + " is below its minLength " + minLength + ".";
        }
        if (reference < 0) {
            return "The pinReference cannot be negative (" + reference + ").";
        }
        if (padChar.isPresent() && (padChar.getAsInt() < 0 || padChar.getAsInt() > 0xFF)) {
            return "The padChar must be one byte, not " + padChar.getAsInt() + ".";
        }
        return null;
    }

    public static Builder builder() {
        return new Builder();
    }

    ASN1Primitive toAsn1() {
        ASN1EncodableVector fields = new ASN1EncodableVector(8);
        fields.add(NamedBits.encode(flags));
        fields.add(new ASN1Enumerated(type.value()));
        fields.add(new ASN1Integer(minLength));
        fields.add(new ASN1Integer(storedLength));
        maxLength.ifPresent(length -> fields.add(new ASN1Integer(length)));
        if (reference != 0) {
            fields.add(new DERTaggedObject(false, 0, new ASN1Integer(reference)));
        }
        padChar.ifPresent(pad -> fields.add(new DEROctetString(new byte[] {(byte) pad})));
        path.ifPresent(df -> fields.add(df.toAsn1()));
        return new DERSequence(fields);
    }

    static PinAttributes fromAsn1(ASN1Primitive object, String what) {
        Fields fields = Fields.of(object, "pinAttributes of the " + what);
        Set<PinFlag> flags = NamedBits.decode(fields.bits("pinFlags"), PinFlag.class);
        PinType type = PinType.ofValue(fields.enumerated("pinType"));
        int minLength = fields.integer("minLength");
        int storedLength = fields.integer("storedLength");
        OptionalInt maxLength = fields.optionalInteger("maxLength");
        int reference = fields.optionalContext(0)
                .map(tagged -> Fields.implicitInteger(tagged, "pinReference"))
                .orElse(0);
        if (reference < 0 && reference >= -128) {
            reference += 256;
        }
        OptionalInt padChar = OptionalInt.empty();
        Optional<byte[]> pad = fields.optionalOctets();
        if (pad.isPresent()) {
            if (pad.get().length != 1) {
                throw new Pkcs15FormatException("The padChar of the " + what + " has " + pad.get().length
                        + " bytes instead of one.");
            }
            padChar = OptionalInt.of(pad.get()[0] & 0xFF);
        }
        fields.skipOptional(ASN1GeneralizedTime.class);
        Optional<Path> path = fields.optionalSequence().map(sequence -> Path.fromAsn1(sequence, "path of the " + what));
        String problem = problem(minLength, storedLength, maxLength, reference, padChar);
        if (problem != null) {
            throw new Pkcs15FormatException("The " + what + " is invalid: " + problem);
        }
        return new PinAttributes(flags, type, minLength, storedLength, maxLength, reference, padChar, path);
    }

    /** Builds PinAttributes; only the flags, type and lengths are required. */
    public static final class Builder {
        private Set<PinFlag> flags = EnumSet.noneOf(PinFlag.class);
        private PinType type = PinType.ASCII_NUMERIC;
        private int minLength;
        private int storedLength;
        private OptionalInt maxLength = OptionalInt.empty();
        private int reference;
        private OptionalInt padChar = OptionalInt.empty();
        private Optional<Path> path = Optional.empty();

        private Builder() {
        }

        public Builder flags(Set<PinFlag> flags) {
            this.flags = EnumSet.noneOf(PinFlag.class);
            this.flags.addAll(flags);
            return this;
        }

        public Builder flags(PinFlag first, PinFlag... rest) {
            return flags(EnumSet.of(first, rest));
        }

        /** Defaults to ASCII_NUMERIC. */
        public Builder type(PinType type) {
            this.type = type;
            return this;
        }

        public Builder minLength(int minLength) {
            this.minLength = minLength;
            return this;
        }

        public Builder storedLength(int storedLength) {
            this.storedLength = storedLength;
            return this;
        }

        public Builder maxLength(int maxLength) {
            this.maxLength = OptionalInt.of(maxLength);
            return this;
        }

        public Builder reference(int reference) {
            this.reference = reference;
            return this;
        }

        public Builder padChar(int padChar) {
            this.padChar = OptionalInt.of(padChar);
            return this;
        }

        public Builder path(Path path) {
            this.path = Optional.of(path);
            return this;
        }

        public PinAttributes build() {
            return new PinAttributes(flags, type, minLength, storedLength, maxLength, reference, padChar, path);
        }
    }
}

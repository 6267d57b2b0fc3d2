package io.github.eid4j.card.pkcs15;

import io.github.eid4j.apdu.Hex;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;

/**
 * EF.TokenInfo (CIAInfo in ISO/IEC 7816-15), the card's description of itself:
 * <pre>
 * TokenInfo ::= SEQUENCE {
 *     version        INTEGER {v1(0)} (v1,...),
 *     serialNumber   OCTET STRING,
 *     manufacturerID Label OPTIONAL,          -- UTF8String
 *     label          [0] Label OPTIONAL,      -- implicit: 80 len text
 *     tokenflags     TokenFlags,
 *     seInfo         SEQUENCE OF ... OPTIONAL,
 *     recordInfo     [1] ... OPTIONAL,
 *     supportedAlgorithms [2] SEQUENCE OF AlgorithmInfo OPTIONAL,
 *     ... }
 * </pre>
 * This is what OpenSC's {@code c_asn1_toki_attrs} (pkcs15.c) reads first and what
 * {@code pkcs15-tool --dump} shows: "Version", "Serial number" (the octets as hex),
 * "Manufacturer ID" ("(unknown)" when absent) and "Flags". The later components are skipped when
 * decoding a real card; the PKCS#11 layer does not need them for FINEID. The encoder writes
 * supportedAlgorithms when given, as real cards carry them.
 *
 * <p>The decoder also reads the label in the explicit form {@code A0 len 0C len text}, because
 * OpenSC accepts it ({@code label-tw}) and so some cards may carry it; the encoder writes the
 * standard implicit form.
 */
public final class TokenInfo {
    private final int version;
    private final byte[] serialNumber;
    private final Optional<String> manufacturerId;
    private final Optional<String> label;
    private final Set<TokenFlag> flags;
    private final List<AlgorithmInfo> supportedAlgorithms;

    private TokenInfo(int version, byte[] serialNumber, Optional<String> manufacturerId,
            Optional<String> label, Set<TokenFlag> flags, List<AlgorithmInfo> supportedAlgorithms) {
        if (version < 0) {
            throw new IllegalArgumentException("The TokenInfo version cannot be negative.");
        }
        this.version = version;
        this.serialNumber = serialNumber;
        this.manufacturerId = Objects.requireNonNull(manufacturerId);
        this.label = Objects.requireNonNull(label);
        this.flags = NamedBits.copy(flags, TokenFlag.class);
        this.supportedAlgorithms = List.copyOf(supportedAlgorithms);
    }

    /**
     * @param version 0 for PKCS#15 v1 / ISO/IEC 7816-15 v1; OpenSC shows it as is
     * @param manufacturerId null if absent
     * @param label null if absent
     */
    public static TokenInfo of(int version, byte[] serialNumber, String manufacturerId, String label,
            Set<TokenFlag> flags) {
        return new TokenInfo(version, serialNumber.clone(), Optional.ofNullable(manufacturerId),
                Optional.ofNullable(label), flags, List.of());
    }

    /** This TokenInfo with the algorithms the card supports (written as {@code [2]}, A2). */
    public TokenInfo withSupportedAlgorithms(List<AlgorithmInfo> algorithms) {
        return new TokenInfo(version, serialNumber, manufacturerId, label, flags, algorithms);
    }

    /** What this TokenInfo was given to write; decoding a card leaves it empty. */
    public List<AlgorithmInfo> supportedAlgorithms() {
        return supportedAlgorithms;
    }

    public int version() {
        return version;
    }

    public byte[] serialNumber() {
        return serialNumber.clone();
    }

    public Optional<String> manufacturerId() {
        return manufacturerId;
    }

    public Optional<String> label() {
        return label;
    }

    public Set<TokenFlag> flags() {
        return flags;
    }

    public byte[] encode() {
        ASN1EncodableVector fields = new ASN1EncodableVector(5);
        fields.add(new ASN1Integer(version));
        fields.add(new DEROctetString(serialNumber));
        manufacturerId.ifPresent(text -> fields.add(new DERUTF8String(text)));
        label.ifPresent(text -> fields.add(new DERTaggedObject(false, 0, new DERUTF8String(text))));
        fields.add(NamedBits.encode(flags));
        if (!supportedAlgorithms.isEmpty()) {
            ASN1EncodableVector algorithms = new ASN1EncodableVector(supportedAlgorithms.size());
            supportedAlgorithms.forEach(a -> algorithms.add(a.toAsn1()));
            fields.add(new DERTaggedObject(false, 2, new DERSequence(algorithms)));
        }
        return Der.encode(new DERSequence(fields));
    }

    /** The content of EF.TokenInfo, which may be followed by 00/FF padding up to the file size. */
    public static TokenInfo decode(byte[] efTokenInfo) {
        return Der.decodeOne(efTokenInfo, "TokenInfo", TokenInfo::fromAsn1);
    }

    private static TokenInfo fromAsn1(ASN1Primitive object, String what) {
        Fields fields = Fields.of(object, what);
        int version = fields.integer("version");
        if (version < 0) {
            throw new Pkcs15FormatException("The " + what + " version " + version + " is negative.");
        }
        byte[] serialNumber = fields.octets("serialNumber");
        Optional<String> manufacturerId = fields.optionalUtf8();
        Optional<String> label = fields.optionalContext(0).map(TokenInfo::label);
        Set<TokenFlag> flags = NamedBits.decode(fields.bits("tokenflags"), TokenFlag.class);
        return new TokenInfo(version, serialNumber, manufacturerId, label, flags, List.of());
    }

    private static String label(ASN1TaggedObject tagged) {
        if (tagged.isExplicit()) {
            return Fields.of(new DERSequence(tagged.getExplicitBaseObject()), "TokenInfo label")
                    .optionalUtf8()
                    .orElseThrow(() -> new Pkcs15FormatException("The TokenInfo label [0] is not UTF-8 text."));
        }
        return Fields.implicitUtf8(tagged);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TokenInfo)) {
            return false;
        }
        TokenInfo other = (TokenInfo) o;
        return version == other.version && Arrays.equals(serialNumber, other.serialNumber)
                && manufacturerId.equals(other.manufacturerId) && label.equals(other.label)
                && flags.equals(other.flags) && supportedAlgorithms.equals(other.supportedAlgorithms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, Arrays.hashCode(serialNumber), manufacturerId, label, flags, supportedAlgorithms);
    }

    @Override
    public String toString() {
        return "TokenInfo[version=" + version + ", serialNumber=" + Hex.plain(serialNumber)
                + ", manufacturerId=" + manufacturerId.orElse("-") + ", label=" + label.orElse("-")
                + ", flags=" + flags + "]";
    }
}

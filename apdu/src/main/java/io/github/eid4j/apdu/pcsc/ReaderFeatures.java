package io.github.eid4j.apdu.pcsc;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What one reader can do beyond passing APDUs, as it answers the PC/SC part 10 control command
 * GET_FEATURE_REQUEST: for each feature, the control code that invokes it. The answer is a list
 * of TLV: a 1-byte tag ({@link ReaderFeature#tag()}), the length 4, and the control code, 4 bytes
 * big-endian (the byte order PC/SC part 10 prescribes on every platform). Tags eid4j does not use
 * are skipped, whatever their length. A reader that does not understand the request (vpcd, most contactless readers) has
 * no features.
 */
public final class ReaderFeatures {
    /** A reader with none of the features. */
    public static final ReaderFeatures NONE = new ReaderFeatures(Map.of());

    private final Map<ReaderFeature, Integer> codes;

    private ReaderFeatures(Map<ReaderFeature, Integer> codes) {
        this.codes = codes;
    }

    /**
     * The control code of GET_FEATURE_REQUEST, SCARD_CTL_CODE(3400): pcsc-lite and macOS define
     * SCARD_CTL_CODE(c) as 0x42000000 + c, Windows as FILE_DEVICE_SMARTCARD (0x31) &lt;&lt; 16 | c &lt;&lt; 2.
     */
    public static int getFeatureRequest(boolean windows) {
        return windows ? (0x31 << 16) | (3400 << 2) : 0x42000000 + 3400;
    }

    /**
     * The features of a GET_FEATURE_REQUEST answer; an answer that is not a list of such TLV
     * (a reader that answers something else) gives {@link #NONE}: eid4j then uses the reader as a
     * plain one, which every reader is.
     */
    public static ReaderFeatures parse(byte[] answer) {
        Map<ReaderFeature, Integer> codes = new EnumMap<>(ReaderFeature.class);
        int i = 0;
        while (i < answer.length) {
            if (i + 2 > answer.length || i + 2 + (answer[i + 1] & 0xFF) > answer.length) {
                return NONE;
            }
            int length = answer[i + 1] & 0xFF;
            ReaderFeature feature = ReaderFeature.ofTag(answer[i] & 0xFF);
            if (feature != null && length == 4) {
                codes.put(feature, (answer[i + 2] & 0xFF) << 24 | (answer[i + 3] & 0xFF) << 16 | (answer[i + 4] & 0xFF) << 8
                        | (answer[i + 5] & 0xFF));
            }
            i += 2 + length;
        }
        return codes.isEmpty() ? NONE : new ReaderFeatures(Collections.unmodifiableMap(codes));
    }

    public boolean has(ReaderFeature feature) {
        return codes.containsKey(feature);
    }

    /** The control code that invokes the feature, if the reader has it. */
    public OptionalInt controlCode(ReaderFeature feature) {
        Integer code = codes.get(feature);
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** Whether the reader has a PIN pad that verifies a PIN itself. */
    public boolean hasPinPad() {
        return has(ReaderFeature.VERIFY_PIN_DIRECT);
    }

    @Override
    public String toString() {
        return codes.isEmpty() ? "no reader features" : codes.keySet().toString();
    }
}

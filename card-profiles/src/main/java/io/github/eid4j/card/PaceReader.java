package io.github.eid4j.card;

import io.github.eid4j.apdu.pcsc.ReaderFeature;
import io.github.eid4j.apdu.pcsc.ReaderFeatures;
import io.github.eid4j.apdu.pcsc.ReaderPace;
import io.github.eid4j.apdu.pcsc.ReaderPaceException;
import io.github.eid4j.apdu.transport.TransportException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A reader that runs PACE itself (PC/SC part 10 FEATURE_EXECUTE_PACE): given the CAN, it
 * establishes the channel with the card and from then on protects every APDU the host sends with
 * the session keys it keeps, so the host sends them plain and never holds the keys.
 */
public final class PaceReader {
    private final PinPad.ReaderControl reader;
    private final int code;

    private PaceReader(PinPad.ReaderControl reader, int code) {
        this.reader = reader;
        this.code = code;
    }

    /** The reader's PACE, if its features (its answer to GET_FEATURE_REQUEST) offer it. */
    public static Optional<PaceReader> of(ReaderFeatures features, PinPad.ReaderControl reader) {
        return features.controlCode(ReaderFeature.EXECUTE_PACE).stream().boxed().findFirst().map(code -> new PaceReader(reader, code));
    }

    /**
     * EstablishPACEChannel with the CAN; the request, which holds it, is wiped once sent.
     *
     * @throws ReaderPaceException the reader or the card refused (see {@link ReaderPaceException#wrongPassword()})
     */
    void establishWithCan(char[] can) throws TransportException, ReaderPaceException {
        byte[] request = ReaderPace.establishRequest(ReaderPace.Password.CAN, can);
        try {
            ReaderPace.channel(reader.control(code, request));
        } finally {
            Arrays.fill(request, (byte) 0);
        }
    }

    /**
     * DestroyPACEChannel, so that the reader protects nothing more for this card. Its answer is
     * not needed: a reader that cannot destroy the channel is taken to end it when the card is
     * reset or leaves it (docs/luxembourg.md, [I]).
     */
    void destroy() {
        try {
            reader.control(code, ReaderPace.destroyRequest());
        } catch (TransportException e) {
            // The connection is closing: nothing is left to do with the reader.
        }
    }
}

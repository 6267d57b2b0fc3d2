package io.github.eid4j.apdu.transport;

/**
 * The standard decorator stacks, so that every caller stacks them in the same order: the trace
 * closest to the wire (it shows what the card really got), then the protocol adaptations, then
 * the response handling that sees the whole logical exchange.
 */
public final class Transports {
    private Transports() {
    }

    /**
     * A transport for a card that speaks T=1 (or a virtual card): trace, chaining for long data,
     * resend on 6Cxx, GET RESPONSE on 61xx.
     */
    public static CardTransport standard(CardTransport wire) {
        return wire.then(TracingTransport::new)
                .then(ChainingTransport::new)
                .then(LeCorrectingTransport::new)
                .then(GetResponseTransport::new);
    }

    /** As {@link #standard(CardTransport)}, with case-4 commands sent as case 3 for a T=0 card. */
    public static CardTransport t0(CardTransport wire) {
        return wire.then(TracingTransport::new)
                .then(T0Transport::new)
                .then(ChainingTransport::new)
                .then(LeCorrectingTransport::new)
                .then(GetResponseTransport::new);
    }
}

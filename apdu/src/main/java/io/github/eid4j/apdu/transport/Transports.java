package io.github.eid4j.apdu.transport;

import io.github.eid4j.apdu.sm.SecureMessaging;
import io.github.eid4j.apdu.sm.SecureMessagingTransport;

/**
 * The standard decorator stacks, so that every caller stacks them in the same order: the trace
 * closest to the wire (it shows what the card really got, and replays as it is), then the
 * protocol adaptations, then the response handling that sees the whole logical exchange.
 */
public final class Transports {
    private Transports() {
    }

    /**
     * The stack for a card just connected: the trace starts its session with the card's ATR and
     * protocol, then {@link #t0} or {@link #standard} as the protocol needs.
     */
    public static CardTransport forCard(CardTransport wire, byte[] atr, boolean t0) {
        TracingTransport trace = new TracingTransport(wire);
        trace.cardConnected(atr, t0);
        return above(trace, t0);
    }

    /**
     * A transport for a card that speaks T=1 (or a virtual card): trace, chaining for long data,
     * resend on 6Cxx, GET RESPONSE on 61xx.
     */
    public static CardTransport standard(CardTransport wire) {
        return above(new TracingTransport(wire), false);
    }

    /** As {@link #standard(CardTransport)}, with case-4 commands sent as case 3 for a T=0 card. */
    public static CardTransport t0(CardTransport wire) {
        return above(new TracingTransport(wire), true);
    }

    /**
     * Secure messaging on top of a standard stack: the SM decorator, then a trace of the plain
     * APDUs marked as protected. The session belongs to the returned transport from now on.
     */
    public static CardTransport secured(CardTransport stack, SecureMessaging session, boolean extendedLength) {
        return new TracingTransport(new SecureMessagingTransport(stack, session, extendedLength),
                System.getLogger(TracingTransport.LOGGER), System.Logger.Level.DEBUG, true);
    }

    private static CardTransport above(TracingTransport trace, boolean t0) {
        CardTransport protocol = t0 ? new T0Transport(trace) : trace;
        return protocol.then(ChainingTransport::new)
                .then(LeCorrectingTransport::new)
                .then(GetResponseTransport::new);
    }
}

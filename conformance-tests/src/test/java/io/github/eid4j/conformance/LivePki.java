package io.github.eid4j.conformance;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.pki.StatusResponder;
import io.github.eid4j.card.pki.TestPkiHome;
import io.github.eid4j.jca.Eid4jProvider;
import io.github.eid4j.jca.ScriptedHandler;
import io.github.eid4j.jca.TestCards;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A virtual card made in the tests' eid4j home beside a new test PKI on a free port, whose OCSP
 * responder and CRLs answer until {@link #close()}, and the card's Eid4j key store.
 */
final class LivePki implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String card;
    final TestPkiHome pki;
    final StatusResponder responder;
    final Eid4jProvider provider;
    final KeyStore keyStore;

    private LivePki(String card, TestPkiHome pki, StatusResponder responder, Eid4jProvider provider, KeyStore keyStore) {
        this.card = card;
        this.pki = pki;
        this.responder = responder;
        this.provider = provider;
        this.keyStore = keyStore;
    }

    /** An activated card of {@code profile} (PINs of {@link TestCards}) whose CA is online. */
    static LivePki start(String profile) throws Exception {
        Path home = VirtualCards.defaultHome();
        TestPkiHome pki;
        try (ServerSocket socket = new ServerSocket(0)) {
            pki = TestPkiHome.anew(home, socket.getLocalPort());
        }
        String card = "live-pki-" + profile + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        new VirtualCards(home).create(card, profile, true).wipe();
        StatusResponder responder = StatusResponder.start(pki);
        Eid4jProvider provider = (Eid4jProvider) new Eid4jProvider().configure("--virtual=" + card);
        provider.setCallbackHandler(ScriptedHandler.knowingPins());
        KeyStore keyStore = KeyStore.getInstance("EID", provider);
        keyStore.load(null, null);
        return new LivePki(card, pki, responder, provider, keyStore);
    }

    @Override
    public void close() {
        responder.close();
        TestCards.delete(card);
    }
}

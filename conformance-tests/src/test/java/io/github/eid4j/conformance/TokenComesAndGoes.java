package io.github.eid4j.conformance;

import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.card.pkcs11bridge.Pkcs11Bridge;
import io.github.eid4j.jca.CardRemovedException;
import io.github.eid4j.jca.Eid4jProvider;
import io.github.eid4j.jca.ScriptedHandler;
import io.github.eid4j.testing.Pcscd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A program that keeps a SoftHSM2 token open while the token goes and comes, run by
 * {@link Pkcs11BridgeSlotEventsIT} in a JVM of its own: SoftHSM2 reads its token folder in
 * C_Initialize only, so the module must be loaded by this program alone. Prints one line per
 * step, which the test compares.
 *
 * <p>Arguments: {@code token <module> <label>} (the token is deleted and made again with
 * softhsm2-util), {@code provider <module> <token folder>} (the folder is moved away and back), or
 * {@code card <module>} (a virtual FINEID v4 card served here into pcscd's first vpcd reader is
 * pulled out and put back).
 */
public final class TokenComesAndGoes {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** Several polls of the bridge: what it must have seen by then. */
    private static final Duration NOTICED = Duration.ofSeconds(5);

    private TokenComesAndGoes() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("token")) {
            token(args[1], args[2]);
        } else if (args[0].equals("card")) {
            card(args[1]);
        } else {
            provider(args[1], Path.of(args[2]));
        }
        System.exit(0);
    }

    private static void token(String module, String label) throws Exception {
        try (EidCard card = Pkcs11Bridge.open(module, label, LIMIT)) {
            System.out.println("opened: " + card.status(card.pins().get(0)).describe());
            softhsm("--delete-token", "--token", label);
            Exception removed = awaitFailure(() -> card.status(card.pins().get(0)), CardAccessException.class);
            System.out.println("deleted: " + (removed instanceof CardAccessException a ? a.reason() + " " : "") + removed.getMessage());
        }
        softhsm("--init-token", "--free", "--label", label, "--so-pin", SoftHsmToken.SO_PIN, "--pin", SoftHsmToken.PIN);
        try (EidCard card = Pkcs11Bridge.open(module, label, LIMIT)) {
            System.out.println("made again: " + card.status(card.pins().get(0)).describe());
        }
    }

    private static void card(String module) throws Exception {
        VirtualCard virtual = new VirtualCard(new FineidVirtualCard.V4().personalise(true, new SecureRandom()).image(), NonVolatileMemory.NONE);
        String serial;
        VpcdBridge bridge = VpcdBridge.start(virtual, Pcscd.PORT_0);
        Pcscd.awaitReader(Pcscd.READER_0, r -> r.cardPresent(), "the FINEID v4 card");
        try (EidCard card = Pkcs11Bridge.open(module, LIMIT)) {
            serial = card.identity().serial();
            System.out.println("opened: " + card.identity().location());
            System.out.println("slot events followed: " + slotEventThread(module).isPresent());
            bridge.close();
            Pcscd.awaitReader(Pcscd.READER_0, r -> !r.cardPresent(), "no card");
            Exception removed = awaitFailure(() -> card.status(card.pins().get(0)), CardAccessException.class);
            System.out.println("pulled out: " + (removed instanceof CardAccessException a ? a.reason() + " " : "") + removed.getMessage());
        }
        try (VpcdBridge back = VpcdBridge.start(virtual, Pcscd.PORT_0)) {
            Pcscd.awaitReader(Pcscd.READER_0, r -> r.cardPresent(), "the FINEID v4 card again");
            try (EidCard card = Pkcs11Bridge.open(module, LIMIT)) {
                System.out.println("put back: the same card " + card.identity().serial().equals(serial));
            }
        }
        // C_Finalize (the last token closed) ends OpenSC's blocking wait.
        long deadline = System.nanoTime() + NOTICED.toNanos();
        while (slotEventThread(module).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        System.out.println("slot events followed after C_Finalize: " + slotEventThread(module).isPresent());
    }

    private static java.util.Optional<Thread> slotEventThread(String module) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("eid4j PKCS#11 slot events " + module))
                .findFirst();
    }

    private static void provider(String module, Path folder) throws Exception {
        Eid4jProvider provider = new Eid4jProvider().configure("--pkcs11=" + module);
        provider.setCallbackHandler(ScriptedHandler.knowingPins());
        KeyStore store = KeyStore.getInstance("EID", provider);
        store.load(null, null);
        PrivateKey key = (PrivateKey) store.getKey("authentication", null);
        System.out.println("signed: " + signAndVerify(provider, store, key));
        Path away = folder.getParent().resolveSibling("away"); // out of SoftHSM2's token folder
        Files.move(folder, away);
        try {
            Exception removed = awaitFailure(() -> signAndVerify(provider, store, key), CardRemovedException.class);
            System.out.println("taken away: " + removed.getClass().getSimpleName() + " " + removed.getMessage());
        } finally {
            Files.move(away, folder);
        }
        System.out.println("put back: " + signAndVerify(provider, store, key));
        provider.logout();
    }

    private static boolean signAndVerify(Eid4jProvider provider, KeyStore store, PrivateKey key) throws Exception {
        byte[] message = "a document".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA", provider);
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(store.getCertificate("authentication").getPublicKey());
        verifier.update(message);
        return verifier.verify(signature);
    }

    @FunctionalInterface
    private interface Use {
        Object run() throws Exception;
    }

    /** Uses the token until it fails with {@code type} or {@link #NOTICED} passes; the last failure either way. */
    private static Exception awaitFailure(Use use, Class<? extends Exception> type) throws Exception {
        long deadline = System.nanoTime() + NOTICED.toNanos();
        Exception last = new IllegalStateException("no failure within " + NOTICED.toSeconds() + " s");
        while (System.nanoTime() < deadline) {
            try {
                use.run();
            } catch (Exception e) {
                last = e;
                if (type.isInstance(e)) {
                    break;
                }
            }
            Thread.sleep(100);
        }
        return last;
    }

    /** softhsm2-util, given the PINs on its command line: a token deleted and made again here is never logged in to. */
    private static void softhsm(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("softhsm2-util"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed.");
        }
    }
}

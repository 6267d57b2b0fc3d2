package io.github.eid4j.testing;

import io.github.eid4j.apdu.transport.Icc;

/**
 * A card that signs wrong: every command goes to the card it wraps, and the first answer that
 * carries a signature after PSO COMPUTE DIGITAL SIGNATURE (the PSO answer itself, or under T=0
 * the GET RESPONSE after its 61xx) comes back with the last bit of its data flipped. Everything
 * else, PINs and retry counters included, is the real card's.
 */
public final class CorruptSignatureCard extends ForwardingIcc {
    private static final int INS_PSO = 0x2A;
    private static final int INS_GET_RESPONSE = 0xC0;
    private static final int P1P2_COMPUTE_DIGITAL_SIGNATURE = 0x9E9A;

    private boolean signatureComing; // guarded by this
    private int corrupted; // guarded by this

    public CorruptSignatureCard(Icc card) {
        super(card);
    }

    /** How many signatures were flipped. */
    public synchronized int corrupted() {
        return corrupted;
    }


    @Override
    public synchronized byte[] process(byte[] command) {
        byte[] answer = card.process(command);
        int ins = command.length > 1 ? command[1] & 0xFF : -1;
        boolean pso = ins == INS_PSO && command.length > 3 && ((command[2] & 0xFF) << 8 | (command[3] & 0xFF)) == P1P2_COMPUTE_DIGITAL_SIGNATURE;
        if (pso) {
            signatureComing = true;
        } else if (ins != INS_GET_RESPONSE) {
            signatureComing = false;
        }
        if (signatureComing && answer.length > 2) {
            answer = answer.clone();
            answer[answer.length - 3] ^= 0x01; // the last data byte: within an RSA modulus, and part of ECDSA's s
            signatureComing = false;
            corrupted++;
        }
        return answer;
    }



}

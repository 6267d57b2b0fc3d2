package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.CommandApdu;

/**
 * The ISO/IEC 7816-4 and -8 commands the card drivers send, built in one place (OpenSC's
 * {@code sc_format_apdu} plus a comment naming INS, P1, P2). A driver never writes a header
 * byte itself, so two drivers cannot disagree on what a command looks like. Commands that carry
 * a PIN are the caller's to close (which wipes their data).
 */
public final class IsoCommands {
    /**
     * Le 00: the whole answer, up to 256 bytes, for answers the card gives in one piece (an FCP,
     * a signature, a plaintext, a PIN-info template). The transport fetches what does not fit
     * (61xx) and a secure-messaging layer carries it as its own Le.
     */
    public static final int WHOLE_ANSWER = CommandApdu.MAX_SHORT_NE;

    /** SELECT P1: a DF name (AID). */
    static final int BY_NAME = 0x04;
    /** SELECT P1: a path from the MF, without the MF's own 3F00. */
    static final int PATH_FROM_MF = 0x08;
    /** SELECT P2: answer with the FCP template; or with nothing. */
    static final int RETURN_FCP = 0x04;
    static final int NO_RESPONSE_DATA = 0x0C;

    private IsoCommands() {
    }

    /** SELECT (A4) 04 0C: the application, no FCI wanted. */
    public static CommandApdu selectApplication(byte[] aid) {
        return new CommandApdu(0x00, 0xA4, BY_NAME, NO_RESPONSE_DATA, aid);
    }

    /** SELECT (A4) 08 04: an EF by its path from the MF, answering its FCP (for the file's size). */
    public static CommandApdu selectPathWithFcp(byte[] pathFromMf, int ne) {
        return new CommandApdu(0x00, 0xA4, PATH_FROM_MF, RETURN_FCP, pathFromMf, ne);
    }

    /** READ BINARY (B0) from an offset of the current EF; P1 bit 8 stays 0 (no short EF identifier). */
    public static CommandApdu readBinary(int offset, int ne) {
        if (offset < 0 || offset > 0x7FFF) {
            throw new IllegalArgumentException("READ BINARY reaches offsets 0 to 32767, not " + offset + ".");
        }
        return new CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, ne);
    }

    /** VERIFY (20) 00 ref: compares the PIN block with the reference data. */
    public static CommandApdu verify(int reference, byte[] pinBlock) {
        return new CommandApdu(0x00, 0x20, 0x00, reference, pinBlock);
    }

    /** VERIFY (20) 00 ref without data: asks for the state (9000 verified, 63Cx tries left), spends no try. */
    public static CommandApdu verificationState(int reference) {
        return new CommandApdu(0x00, 0x20, 0x00, reference);
    }

    /** VERIFY (20) FF ref without data: ends the verification of the reference data (ISO 7816-4 logout). */
    public static CommandApdu resetVerification(int reference) {
        return new CommandApdu(0x00, 0x20, 0xFF, reference);
    }

    /** CHANGE REFERENCE DATA (24) 00 ref: the old PIN block, then the new one. */
    public static CommandApdu changeReferenceData(int reference, byte[] oldThenNew) {
        return new CommandApdu(0x00, 0x24, 0x00, reference, oldThenNew);
    }

    /** RESET RETRY COUNTER (2C) 00 ref: the unblocking code (PUK), then the new PIN. */
    public static CommandApdu resetRetryCounter(int reference, byte[] pukThenNew) {
        return new CommandApdu(0x00, 0x2C, 0x00, reference, pukThenNew);
    }

    /** MANAGE SECURITY ENVIRONMENT (22) 41 crt: SET for computation, with the template's data objects. */
    public static CommandApdu mseSet(int template, byte[] dataObjects) {
        return new CommandApdu(0x00, 0x22, 0x41, template, dataObjects);
    }

    /** MANAGE SECURITY ENVIRONMENT (22) F3 se: RESTORE a stored security environment. */
    public static CommandApdu mseRestore(int environment) {
        return new CommandApdu(0x00, 0x22, 0xF3, environment);
    }

    /**
     * PERFORM SECURITY OPERATION (2A) 90 A0: HASH, giving the card the hash it signs next in a
     * template (tag 90), the Gemalto/Thales way of COMPUTE DIGITAL SIGNATURE over a host's hash.
     */
    public static CommandApdu psoHash(byte[] hash) {
        if (hash.length > 127) {
            throw new IllegalArgumentException("A hash template holds at most 127 bytes, not " + hash.length + ".");
        }
        byte[] template = new byte[2 + hash.length];
        template[0] = (byte) 0x90;
        template[1] = (byte) hash.length;
        System.arraycopy(hash, 0, template, 2, hash.length);
        return new CommandApdu(0x00, 0x2A, 0x90, 0xA0, template);
    }

    /** PERFORM SECURITY OPERATION (2A) 9E 9A: COMPUTE DIGITAL SIGNATURE over what PSO HASH gave. */
    public static CommandApdu psoComputeDigitalSignature(int ne) {
        return new CommandApdu(0x00, 0x2A, 0x9E, 0x9A, ne);
    }

    /** PERFORM SECURITY OPERATION (2A) 9E 9A: COMPUTE DIGITAL SIGNATURE over the data sent with it. */
    public static CommandApdu psoComputeDigitalSignature(byte[] input, int ne) {
        return new CommandApdu(0x00, 0x2A, 0x9E, 0x9A, input, ne);
    }

    /** PERFORM SECURITY OPERATION (2A) 80 86: DECIPHER, the data a padding-indicator byte then the cryptogram. */
    public static CommandApdu psoDecipher(byte[] indicatedCryptogram, int ne) {
        return new CommandApdu(0x00, 0x2A, 0x80, 0x86, indicatedCryptogram, ne);
    }

    /** GET DATA with odd INS (CB): the data field says which object (a tag list or template). */
    public static CommandApdu getData(int p1p2, byte[] query, int ne) {
        return new CommandApdu(0x00, 0xCB, p1p2 >> 8, p1p2 & 0xFF, query, ne);
    }
}

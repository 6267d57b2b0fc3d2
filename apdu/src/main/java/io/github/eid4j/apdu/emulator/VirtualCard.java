package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.ApduFormatException;
import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.SecretCommands;
import io.github.eid4j.apdu.StatusWord;
import io.github.eid4j.apdu.transport.Icc;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An ISO 7816-4 card operating system over a {@link CardImage}: it answers APDUs only, keeps its
 * own state, and enforces access conditions, retry counters and the security environment the way
 * a card does. Every durable change goes to {@link NonVolatileMemory} before the answer.
 *
 * <p>It never throws: malformed or unexpected commands get the status word a card would give.
 */
public final class VirtualCard implements Icc, CardView {
    private final CardImage image;
    private final NonVolatileMemory memory;
    private final SecureRandom random = new SecureRandom();
    private final FileCommands files;
    private final PinCommands pins;
    private final SecurityOperations security;
    private final PaceCommands pace;
    private VolatileState session;

    public VirtualCard(CardImage image, NonVolatileMemory memory) {
        this.image = image;
        this.memory = memory;
        this.session = new VolatileState(image.masterFile());
        this.files = new FileCommands(image, this);
        this.pins = new PinCommands(image, this);
        this.security = new SecurityOperations(image, this);
        this.pace = new PaceCommands(image, this);
    }

    /** For known-answer tests: the card's PACE nonce and keys from the worked example instead of random. */
    void usePaceRandomness(PaceCommands.Randomness fixed) {
        pace.useRandomness(fixed);
    }

    public CardImage image() {
        return image;
    }

    @Override
    public byte[] atr() {
        return image.settings().atr();
    }

    @Override
    public synchronized void powerOn() {
        newSession();
    }

    @Override
    public synchronized void powerOff() {
        newSession();
    }

    @Override
    public synchronized void reset() {
        newSession();
    }

    /** Volatile state starts anew; a chain cut off may have held a PIN. */
    private void newSession() {
        session.endChain();
        session.closeSecureChannel();
        session = new VolatileState(image.masterFile());
    }

    @Override
    public synchronized ReferenceData pin(int reference) {
        return image.pin(reference);
    }

    @Override
    public synchronized boolean isVerified(int reference) {
        return session.verified.contains(reference);
    }

    VolatileState session() {
        return session;
    }

    /** Makes the image's changes durable, or aborts the command with 6581. */
    void persist() throws CardStatusException {
        try {
            memory.persist(image);
        } catch (IOException | RuntimeException e) {
            throw new CardStatusException(StatusWord.MEMORY_FAILURE);
        }
    }

    /** Checks an access condition against the session; an each-use condition is consumed by {@link #consume}. */
    void require(AccessCondition condition) throws CardStatusException {
        switch (condition.kind()) {
            case ALWAYS:
                return;
            case NEVER:
                throw new CardStatusException(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
            default:
                if (!session.verified.contains(condition.pinReference())) {
                    throw new CardStatusException(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
                }
        }
    }

    /** After a use under a "PIN each use" condition, the PIN must be verified again. */
    void consume(AccessCondition condition) {
        if (condition.kind() == AccessCondition.Kind.PIN_EACH_USE) {
            session.verified.remove(condition.pinReference());
        }
    }

    byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    @Override
    public synchronized byte[] process(byte[] bytes) {
        if (image.pace() == null) {
            return plain(bytes);
        }
        try {
            return SecureChannel.process(this, bytes);
        } catch (RuntimeException e) {
            session.closeSecureChannel(); // whatever went wrong, no answer leaves the channel half open
            return status(0x6F00);
        }
    }

    /** Processes a command as it is, without secure messaging. */
    byte[] plain(byte[] bytes) {
        try {
            return dispatch(bytes);
        } catch (FileCommands.EndOfFile e) {
            return withStatus(e.data, e.data.length, 0x6282);
        } catch (CardStatusException e) {
            return status(e.statusWord().value());
        } catch (RuntimeException e) {
            // A card has no exceptions; an internal error is "no precise diagnosis".
            return status(0x6F00);
        }
    }

    private byte[] dispatch(byte[] bytes) throws CardStatusException {
        CommandApdu command;
        try {
            command = CommandApdu.parse(bytes);
        } catch (ApduFormatException e) {
            throw new CardStatusException(StatusWord.WRONG_LENGTH);
        }
        // The card's copies of a PIN are wiped once the command is done; the bytes are the transport's.
        boolean secret = SecretCommands.carriesSecret(bytes);
        CommandApdu whole = null;
        try {
            int cla = command.cla();
            if (cla == 0xFF) {
                throw new CardStatusException(StatusWord.CLA_NOT_SUPPORTED);
            }
            if ((cla & 0x03) != 0 || (cla & 0x40) != 0) {
                throw new CardStatusException(StatusWord.LOGICAL_CHANNEL_NOT_SUPPORTED);
            }
            if ((cla & 0x0C) != 0) {
                throw new CardStatusException(StatusWord.SECURE_MESSAGING_NOT_SUPPORTED);
            }
            if (command.ins() == 0xC0) {
                return getResponse(command);
            }
            session.pendingResponse = null;
            session.pendingStatus = 0x9000;
            if (image.settings().t0() && command.caseNumber() == 4) {
                // T=0 cannot carry data and Le in one TPDU: the reader sends a case-4 command as
                // case 3 (ISO/IEC 7816-3 12.2.4), so the chip never sees Le and announces its answer with 61xx.
                command = command.withNe(0);
            }
            // PACE's GENERAL AUTHENTICATE steps use the chaining bit, but each step is answered on its own.
            whole = isPace(command) ? command : chained(command);
            if (whole == null) {
                return status(0x9000);
            }
            byte[] data = execute(whole);
            return respond(whole, data);
        } finally {
            if (secret) {
                command.close();
                if (whole != null) {
                    whole.close();
                }
            }
        }
    }

    /** Collects the parts of a chain; returns null while the chain goes on, else the whole command. */
    private CommandApdu chained(CommandApdu command) throws CardStatusException {
        int header = (command.ins() << 16) | command.p1p2();
        boolean more = (command.cla() & 0x10) != 0;
        if (session.chainHeader >= 0 && session.chainHeader != header) {
            session.endChain();
            throw new CardStatusException(StatusWord.LAST_COMMAND_OF_CHAIN_EXPECTED);
        }
        if (!more && session.chainHeader < 0) {
            return command;
        }
        if (session.chainHeader < 0) {
            session.chainHeader = header;
        }
        if (session.chainData.length + command.nc() > CommandApdu.MAX_EXTENDED_NC) {
            session.endChain();
            throw new CardStatusException(StatusWord.WRONG_LENGTH);
        }
        session.appendToChain(command.data());
        if (more) {
            return null;
        }
        try {
            return new CommandApdu(command.cla() & ~0x10, command.ins(), command.p1(), command.p2(), session.chainData, command.ne());
        } finally {
            session.endChain();
        }
    }

    private boolean isPace(CommandApdu c) {
        return image.pace() != null && (c.ins() == 0x86 || c.ins() == 0x22 && c.p1p2() == 0xC1A4);
    }

    private byte[] execute(CommandApdu c) throws CardStatusException {
        if (isPace(c)) {
            return c.ins() == 0x86 ? pace.generalAuthenticate(c) : pace.setAuthenticationTemplate(c);
        }
        switch (c.ins()) {
            case 0xA4:
                return files.select(c);
            case 0xB0:
                return files.readBinary(c);
            case 0xD6:
                return files.updateBinary(c);
            case 0x20:
                return pins.verify(c);
            case 0x24:
                return pins.changeReferenceData(c);
            case 0x2C:
                return pins.resetRetryCounter(c);
            case 0x22:
                return security.manageSecurityEnvironment(c);
            case 0x2A:
                return security.performSecurityOperation(c);
            case 0x88:
                return security.internalAuthenticate(c);
            case 0x84:
                return getChallenge(c);
            case 0xCA:
            case 0xCB:
                return getData(c);
            default:
                throw new CardStatusException(StatusWord.INS_NOT_SUPPORTED);
        }
    }

    private byte[] getChallenge(CommandApdu c) throws CardStatusException {
        if (c.p1p2() != 0) {
            throw new CardStatusException(StatusWord.INCORRECT_P1_P2);
        }
        if (c.ne() == 0 || c.ne() > 256 || c.nc() != 0) {
            throw new CardStatusException(StatusWord.WRONG_LENGTH);
        }
        return randomBytes(c.ne());
    }

    private byte[] getData(CommandApdu c) throws CardStatusException {
        DataObjectSource source = image.dataObject(c.p1p2());
        byte[] data;
        try {
            data = source == null ? null : source.read(this, c.data());
        } catch (DataObjectSource.Refused e) {
            throw new CardStatusException(e.statusWord());
        }
        if (data == null) {
            throw new CardStatusException(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        return data;
    }

    /**
     * Sends response data the way the card's protocol allows: within Ne directly; beyond Ne, or
     * for a command without Le on a 61xx card, behind 61xx for GET RESPONSE.
     */
    private byte[] respond(CommandApdu c, byte[] data) {
        if (data.length == 0) {
            return status(0x9000);
        }
        if (session.secureChannel != null) {
            return withStatus(data, data.length, 0x9000); // protected whole; the protected answer is what 61xx splits
        }
        int ne = c.ne();
        if (ne == 0 && !image.settings().uses61xx()) {
            return withStatus(data, data.length, 0x9000);
        }
        if (ne != 0 && data.length <= ne) {
            return withStatus(data, data.length, 0x9000);
        }
        int now = ne == 0 ? 0 : ne;
        session.pendingResponse = data;
        session.pendingOffset = now;
        int rest = data.length - now;
        return withStatus(data, now, 0x6100 | (rest >= 256 ? 0 : rest));
    }

    private byte[] getResponse(CommandApdu c) throws CardStatusException {
        byte[] pending = session.pendingResponse;
        if (pending == null) {
            throw new CardStatusException(StatusWord.CONDITIONS_OF_USE_NOT_SATISFIED);
        }
        if (c.p1p2() != 0) {
            throw new CardStatusException(StatusWord.INCORRECT_P1_P2);
        }
        int rest = pending.length - session.pendingOffset;
        int n = Math.min(c.ne() == 0 ? 256 : c.ne(), rest);
        byte[] part = Arrays.copyOfRange(pending, session.pendingOffset, session.pendingOffset + n);
        session.pendingOffset += n;
        rest -= n;
        if (rest == 0) {
            session.pendingResponse = null;
            return withStatus(part, n, session.pendingStatus);
        }
        return withStatus(part, n, 0x6100 | (rest >= 256 ? 0 : rest));
    }

    static byte[] status(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }

    static byte[] withStatus(byte[] data, int length, int sw) {
        byte[] out = Arrays.copyOf(data, length + 2);
        out[length] = (byte) (sw >> 8);
        out[length + 1] = (byte) sw;
        return out;
    }
}

package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.StatusWord;
import io.github.eid4j.apdu.pace.GeneralAuthenticateData;
import io.github.eid4j.apdu.pace.GenericMapping;
import io.github.eid4j.apdu.pace.PaceException;
import io.github.eid4j.apdu.pace.PacePassword;
import io.github.eid4j.apdu.sm.SecureMessaging;
import io.github.eid4j.apdu.sm.SmCipher;
import io.github.eid4j.apdu.tlv.BerTlv;
import io.github.eid4j.apdu.tlv.Tlv;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/**
 * PACE, card side (ICAO Doc 9303-11 §4.4, BSI TR-03110-3 §B.1): MSE:Set AT chooses the
 * password, then four GENERAL AUTHENTICATE steps; the last one checks the terminal's token and,
 * if it verifies, opens the secure channel of {@link VolatileState#secureChannel}. A PIN or PUK
 * try is counted (and made durable) before the token is compared; a right one restores the
 * counter, a wrong one answers 63Cx. The CAN has no counter. The arithmetic is the terminal's
 * own ({@link GenericMapping}).
 */
final class PaceCommands {
    /** Where the card's nonce and private keys come from: random, or the worked example's in a known-answer test. */
    interface Randomness {
        byte[] nonce(int length);

        BigInteger privateKey(GenericMapping mapping);
    }

    /** A PACE run between MSE:Set AT and the last GENERAL AUTHENTICATE. */
    static final class Run {
        final PacePassword.Type type;
        final ReferenceData password;
        final GenericMapping mapping;
        int step = 1;
        byte[] nonce;
        ECPoint generator;
        byte[] chipKey;
        byte[] terminalKey;
        byte[] secret;

        Run(PacePassword.Type type, ReferenceData password, GenericMapping mapping) {
            this.type = type;
            this.password = password;
            this.mapping = mapping;
        }

        void wipe() {
            for (byte[] b : new byte[][] {nonce, secret}) {
                if (b != null) {
                    Arrays.fill(b, (byte) 0);
                }
            }
        }
    }

    private final CardImage image;
    private final VirtualCard card;
    private Randomness randomness;

    PaceCommands(CardImage image, VirtualCard card) {
        this.image = image;
        this.card = card;
        SecureRandom random = new SecureRandom();
        this.randomness = new Randomness() {
            @Override
            public byte[] nonce(int length) {
                byte[] n = new byte[length];
                random.nextBytes(n);
                return n;
            }

            @Override
            public BigInteger privateKey(GenericMapping mapping) {
                return mapping.newPrivateKey(random);
            }
        };
    }

    void useRandomness(Randomness fixed) {
        this.randomness = fixed;
    }

    /** MSE:Set AT for PACE (00 22 C1 A4): 80 protocol, 83 password, [84 parameter ID]. */
    byte[] setAuthenticationTemplate(CommandApdu c) throws CardStatusException {
        PaceSettings settings = image.pace();
        VolatileState session = card.session();
        endRun(session);
        Tlv template;
        try {
            template = Tlv.constructed(0x30, BerTlv.parseAll(c.data()));
        } catch (RuntimeException e) {
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        }
        byte[] oid = template.find(0x80).map(Tlv::value).orElse(null);
        byte[] ref = template.find(0x83).map(Tlv::value).orElse(null);
        byte[] parameter = template.find(0x84).map(Tlv::value).orElse(null);
        if (oid == null || ref == null || ref.length != 1 || !Arrays.equals(oid, settings.info().oid())
                || parameter != null && (parameter.length != 1 || (parameter[0] & 0xFF) != settings.info().parameterId())) {
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        }
        PacePassword.Type type = PacePassword.Type.of(ref[0] & 0xFF);
        Integer reference = type == null ? null : settings.reference(type).orElse(null);
        if (reference == null) {
            throw new CardStatusException(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        ReferenceData password = image.pin(reference);
        if (!password.hasValue()) {
            throw new CardStatusException(StatusWord.REFERENCE_DATA_NOT_USABLE);
        }
        boolean counted = type != PacePassword.Type.CAN;
        if (counted && password.isBlocked()) {
            throw new CardStatusException(StatusWord.AUTHENTICATION_METHOD_BLOCKED);
        }
        session.pace = new Run(type, password,
                new GenericMapping(settings.info().protocol().orElseThrow(), settings.info().domain().orElseThrow()));
        if (counted && password.triesLeft() < password.maxTries()) {
            // A warning, not an error: the run goes on, and the terminal learns the tries left.
            throw new CardStatusException(0x63C0 | password.triesLeft());
        }
        return new byte[0];
    }

    /** One GENERAL AUTHENTICATE step of the run MSE:Set AT started. */
    byte[] generalAuthenticate(CommandApdu c) throws CardStatusException {
        VolatileState session = card.session();
        Run run = session.pace;
        boolean last = (c.cla() & 0x10) == 0;
        if (run == null || c.p1p2() != 0 || last != (run.step == 4)) {
            endRun(session);
            throw new CardStatusException(StatusWord.CONDITIONS_OF_USE_NOT_SATISFIED);
        }
        try {
            byte[] answer = switch (run.step) {
                case 1 -> nonce(run, c.data());
                case 2 -> mapping(run, input(c.data(), GeneralAuthenticateData.MAPPING_TERMINAL));
                case 3 -> keyAgreement(run, input(c.data(), GeneralAuthenticateData.EPHEMERAL_TERMINAL));
                default -> tokens(session, run, input(c.data(), GeneralAuthenticateData.TOKEN_TERMINAL));
            };
            run.step++;
            return answer;
        } catch (CardStatusException e) {
            endRun(session);
            throw e;
        } catch (PaceException e) {
            endRun(session);
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        }
    }

    private byte[] nonce(Run run, byte[] data) throws CardStatusException {
        if (!Arrays.equals(data, GeneralAuthenticateData.encode(0, null))) {
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        }
        SmCipher cipher = run.mapping.protocol().cipher();
        run.nonce = randomness.nonce(cipher.blockSize());
        byte[] passwordKey = run.password.paceKey();
        try {
            return GeneralAuthenticateData.encode(GeneralAuthenticateData.ENCRYPTED_NONCE,
                    cipher.encrypt(passwordKey, new byte[cipher.blockSize()], run.nonce));
        } finally {
            Arrays.fill(passwordKey, (byte) 0);
        }
    }

    private byte[] mapping(Run run, byte[] terminalKey) throws PaceException {
        BigInteger key = randomness.privateKey(run.mapping);
        byte[] chipKey = run.mapping.mappingPublicKey(key);
        if (Arrays.equals(chipKey, terminalKey)) {
            throw new PaceException("equal mapping keys");
        }
        run.generator = run.mapping.mappedGenerator(run.nonce, key, terminalKey);
        return GeneralAuthenticateData.encode(GeneralAuthenticateData.MAPPING_CHIP, chipKey);
    }

    private byte[] keyAgreement(Run run, byte[] terminalKey) throws PaceException {
        BigInteger key = randomness.privateKey(run.mapping);
        run.chipKey = run.mapping.ephemeralPublicKey(run.generator, key);
        if (Arrays.equals(run.chipKey, terminalKey)) {
            throw new PaceException("equal ephemeral keys");
        }
        run.secret = run.mapping.sharedSecret(key, terminalKey);
        run.terminalKey = terminalKey;
        return GeneralAuthenticateData.encode(GeneralAuthenticateData.EPHEMERAL_CHIP, run.chipKey);
    }

    private byte[] tokens(VolatileState session, Run run, byte[] terminalToken) throws CardStatusException {
        boolean counted = run.type != PacePassword.Type.CAN;
        ReferenceData password = run.password;
        String before = password.durableState();
        if (counted) {
            password.decrement();
            card.persist();
        }
        SmCipher cipher = run.mapping.protocol().cipher();
        int keyLength = run.mapping.protocol().keyLength();
        byte[] macKey = cipher.deriveKey(run.secret, SmCipher.KDF_MAC, keyLength);
        try {
            if (!MessageDigest.isEqual(terminalToken, run.mapping.authenticationToken(macKey, run.chipKey))) {
                endRun(session);
                // A wrong password: the terminal's token was made with another K_π, so another nonce.
                throw new CardStatusException(StatusWord.of(counted ? 0x63C0 | password.triesLeft() : 0x6300));
            }
            if (counted) {
                password.restoreTries();
                if (!password.durableState().equals(before)) {
                    card.persist();
                }
                session.verified.add(password.reference());
            }
            byte[] chipToken = run.mapping.authenticationToken(macKey, run.terminalKey);
            session.openSecureChannel(SecureMessaging.afterPace(cipher, keyLength, run.secret));
            endRun(session);
            return GeneralAuthenticateData.encode(GeneralAuthenticateData.TOKEN_CHIP, chipToken);
        } finally {
            Arrays.fill(macKey, (byte) 0);
        }
    }

    private static byte[] input(byte[] data, int tag) throws CardStatusException {
        return GeneralAuthenticateData.decode(data, tag).orElseThrow(() -> new CardStatusException(StatusWord.INCORRECT_DATA));
    }

    private static void endRun(VolatileState session) {
        if (session.pace != null) {
            session.pace.wipe();
            session.pace = null;
        }
    }
}

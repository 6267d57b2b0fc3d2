package io.github.eid4j.pkcs11;

import static io.github.eid4j.pkcs11.CkrException.require;
import static io.github.eid4j.pkcs11.Native.isNull;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.OneTimePin;
import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * The cryptographic functions (PKCS#11 §5.8 to §5.15; OpenSC's mechanism.c and the crypto part of
 * pkcs11-object.c): signing and decryption with the card's keys, ECDH key derivation on the
 * card, and in software message digests and random numbers. Each function finds the session,
 * checks its state and the sizes, calls the operation, which calls the card ({@link Card}, where
 * the card's errors become CKR_ values), and answers through {@link Output}.
 */
final class CryptoFunctions {
    private final Cryptoki cryptoki;
    private final SecureRandom random = new SecureRandom();

    CryptoFunctions(Cryptoki cryptoki) {
        this.cryptoki = cryptoki;
    }

    /** The data of a one-part call, read and checked when the call is not only a length query. */
    private interface Input {
        byte[] get();
    }

    /** A C_*Update: a part the operation cannot take ends it, whatever the error (PKCS#11 §5.11). */
    private static long update(Runnable end, Runnable take) {
        try {
            take.run();
            return Ck.CKR_OK;
        } catch (RuntimeException e) {
            end.run();
            throw e;
        }
    }

    // ---- signing (the card's keys)

    long C_SignInit(long hSession, MemorySegment pMechanism, long hKey) {
        Session session = cryptoki.module().session(hSession);
        MechanismArgument mechanism = MechanismArgument.read(pMechanism);
        require(session.signOrNull() == null, Ck.CKR_OPERATION_ACTIVE);
        Mechanism m = Mechanism.of(mechanism.type()).filter(session.token().mechanisms()::contains)
                .orElseThrow(() -> new CkrException(Ck.CKR_MECHANISM_INVALID));
        TokenObject key = session.privateKey(hKey, k -> true);
        session.startSign(SignOperation.start(m, key, mechanism.parameter(), mechanism.parameterLength()));
        return Ck.CKR_OK;
    }

    long C_Sign(long hSession, MemorySegment pData, long ulDataLen, MemorySegment pSignature, MemorySegment pulSignatureLen) {
        Session session = cryptoki.module().session(hSession);
        SignOperation operation = session.sign();
        require(!operation.isMultipart(), Ck.CKR_OPERATION_ACTIVE);
        return finishSign(session, operation, pSignature, pulSignatureLen, () -> {
            operation.checkLength(ulDataLen);
            byte[] data = Native.bytes(pData, ulDataLen);
            operation.checkInput(data);
            return data;
        });
    }

    long C_SignUpdate(long hSession, MemorySegment pPart, long ulPartLen) {
        Session session = cryptoki.module().session(hSession);
        SignOperation operation = session.sign();
        return update(session::endSign, () -> {
            operation.checkLength(ulPartLen);
            operation.update(Native.bytes(pPart, ulPartLen));
        });
    }

    long C_SignFinal(long hSession, MemorySegment pSignature, MemorySegment pulSignatureLen) {
        Session session = cryptoki.module().session(hSession);
        SignOperation operation = session.sign();
        return finishSign(session, operation, pSignature, pulSignatureLen, () -> {
            operation.checkInput(operation.buffered());
            return null; // what the updates gave
        });
    }

    /**
     * The end of C_Sign and C_SignFinal: a length query or a short buffer keeps the operation;
     * anything else ends it, with or without a signature (PKCS#11 §5.11). The card is asked only
     * for a buffer the signature fits, in a session logged in (or now, in the module's dialog:
     * {@link Cryptoki#requireLogin}), and for a key that always authenticates, with the PIN of
     * C_Login(CKU_CONTEXT_SPECIFIC).
     */
    private long finishSign(Session session, SignOperation operation, MemorySegment pSignature, MemorySegment pulSignatureLen,
            Input input) {
        return Output.ofOperation(pSignature, pulSignatureLen, session::endSign, out -> {
            byte[] data = input.get();
            return out.exactly(operation.signatureLength(), () -> {
                Token token = session.token();
                cryptoki.requireLogin(token);
                require(!operation.needsContextLogin() || operation.hasContextLogin(), Ck.CKR_USER_NOT_LOGGED_IN);
                return operation.sign(token.card(), data);
            });
        });
    }

    // ---- decryption (CKM_RSA_PKCS on the card)

    long C_DecryptInit(long hSession, MemorySegment pMechanism, long hKey) {
        Session session = cryptoki.module().session(hSession);
        MechanismArgument mechanism = MechanismArgument.read(pMechanism);
        require(mechanism.type() == Ck.CKM_RSA_PKCS, Ck.CKR_MECHANISM_INVALID);
        mechanism.requireNoParameter();
        TokenObject key = session.privateKey(hKey, KeyEntry::canDecrypt);
        require("RSA".equals(key.key().algorithm()), Ck.CKR_KEY_TYPE_INCONSISTENT);
        session.startDecrypt(new DecryptOperation(key));
        return Ck.CKR_OK;
    }

    /**
     * A length query answers the longest possible plaintext and keeps the operation; a short
     * buffer gets the plaintext's exact length (the card has decrypted by then) and keeps it too.
     */
    long C_Decrypt(long hSession, MemorySegment pEncryptedData, long ulEncryptedDataLen, MemorySegment pData,
            MemorySegment pulDataLen) {
        Session session = cryptoki.module().session(hSession);
        DecryptOperation operation = session.decrypt();
        return Output.ofOperation(pData, pulDataLen, session::endDecrypt, out -> {
            operation.checkLength(ulEncryptedDataLen);
            byte[] cryptogram = Native.bytes(pEncryptedData, ulEncryptedDataLen);
            return out.atMost(operation.maxPlaintextLength(), () -> {
                Token token = session.token();
                cryptoki.requireLogin(token);
                return operation.plaintext(token.card(), cryptogram);
            });
        });
    }

    // ---- key agreement (CKM_ECDH1_DERIVE on the card)

    /**
     * ECDH with a card key that derives and a peer's public point ({@link Ecdh1DeriveParams}). The
     * result, the shared x coordinate (its first CKA_VALUE_LEN bytes if the template says),
     * becomes a session object ({@link DeriveTemplate}).
     */
    long C_DeriveKey(long hSession, MemorySegment pMechanism, long hBaseKey, MemorySegment pTemplate, long ulAttributeCount,
            MemorySegment phKey) {
        Session session = cryptoki.module().session(hSession);
        MechanismArgument mechanism = MechanismArgument.read(pMechanism);
        require(!isNull(phKey), Ck.CKR_ARGUMENTS_BAD);
        require(mechanism.type() == Ck.CKM_ECDH1_DERIVE, Ck.CKR_MECHANISM_INVALID);
        byte[] publicData = Ecdh1DeriveParams.publicData(mechanism);
        TokenObject key = session.privateKey(hBaseKey, KeyEntry::canDerive);
        require("EC".equals(key.key().algorithm()), Ck.CKR_KEY_TYPE_INCONSISTENT);
        int field = (((ECPublicKey) key.key().publicKey()).getParams().getCurve().getField().getFieldSize() + 7) / 8;
        byte[] point = Ecdh1DeriveParams.peerPoint(publicData, field);
        DeriveTemplate template = DeriveTemplate.read(Native.template(pTemplate, ulAttributeCount), field);

        Token token = session.token();
        cryptoki.requireLogin(token);
        byte[] x = token.card().deriveEcdh(key.key(), point, OneTimePin.none());
        byte[] value;
        try {
            require(x.length <= field, Ck.CKR_DEVICE_ERROR);
            byte[] full = new byte[field]; // the card may drop leading zeros
            System.arraycopy(x, 0, full, field - x.length, x.length);
            value = Arrays.copyOf(full, template.valueLength());
            Arrays.fill(full, (byte) 0);
        } finally {
            Arrays.fill(x, (byte) 0);
        }
        TokenObject secret = template.secret(Token.nextSessionObjectHandle(), value);
        token.addSessionObject(session.handle(), secret);
        Native.putULong(phKey, secret.handle());
        return Ck.CKR_OK;
    }

    // ---- message digests (software: the JDK's)

    long C_DigestInit(long hSession, MemorySegment pMechanism) {
        Session session = cryptoki.module().session(hSession);
        MechanismArgument mechanism = MechanismArgument.read(pMechanism);
        HashAlgorithm hash = Mechanism.hashOf(mechanism.type()).orElseThrow(() -> new CkrException(Ck.CKR_MECHANISM_INVALID));
        mechanism.requireNoParameter();
        try {
            session.startDigest(MessageDigest.getInstance(hash.jcaName()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return Ck.CKR_OK;
    }

    long C_Digest(long hSession, MemorySegment pData, long ulDataLen, MemorySegment pDigest, MemorySegment pulDigestLen) {
        Session session = cryptoki.module().session(hSession);
        MessageDigest digest = session.digest();
        require(!session.isDigestMultipart(), Ck.CKR_OPERATION_ACTIVE);
        return finishDigest(session, digest, pDigest, pulDigestLen, () -> Native.bytes(pData, ulDataLen));
    }

    long C_DigestUpdate(long hSession, MemorySegment pPart, long ulPartLen) {
        Session session = cryptoki.module().session(hSession);
        session.digest();
        return update(session::endDigest, () -> session.digestUpdate(Native.bytes(pPart, ulPartLen)));
    }

    long C_DigestFinal(long hSession, MemorySegment pDigest, MemorySegment pulDigestLen) {
        Session session = cryptoki.module().session(hSession);
        return finishDigest(session, session.digest(), pDigest, pulDigestLen, () -> null);
    }

    /** The end of C_Digest and C_DigestFinal: a length query or a short buffer keeps the operation. */
    private static long finishDigest(Session session, MessageDigest digest, MemorySegment pDigest, MemorySegment pulDigestLen,
            Input input) {
        return Output.ofOperation(pDigest, pulDigestLen, session::endDigest, out -> {
            byte[] data = input.get();
            return out.exactly(digest.getDigestLength(), () -> data == null ? digest.digest() : digest.digest(data));
        });
    }

    // ---- random numbers (software: the JDK's SecureRandom, not the card's generator)

    long C_SeedRandom(long hSession, MemorySegment pSeed, long ulSeedLen) {
        cryptoki.module().session(hSession);
        require(ulSeedLen == 0 || !isNull(pSeed), Ck.CKR_ARGUMENTS_BAD);
        return Ck.CKR_RANDOM_SEED_NOT_SUPPORTED;
    }

    long C_GenerateRandom(long hSession, MemorySegment pRandomData, long ulRandomLen) {
        cryptoki.module().session(hSession);
        require(ulRandomLen == 0 || !isNull(pRandomData), Ck.CKR_ARGUMENTS_BAD);
        require(ulRandomLen >= 0, Ck.CKR_ARGUMENTS_BAD);
        byte[] chunk = new byte[(int) Math.min(ulRandomLen, 1 << 16)];
        MemorySegment out = ulRandomLen == 0 ? MemorySegment.NULL : pRandomData.reinterpret(ulRandomLen);
        for (long done = 0; done < ulRandomLen; done += chunk.length) {
            int n = (int) Math.min(chunk.length, ulRandomLen - done);
            random.nextBytes(chunk);
            MemorySegment.copy(chunk, 0, out, JAVA_BYTE, done, n);
        }
        Arrays.fill(chunk, (byte) 0);
        return Ck.CKR_OK;
    }
}
